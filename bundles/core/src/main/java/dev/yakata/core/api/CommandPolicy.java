package dev.yakata.core.api;

import dev.yakata.api.command.Issuer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The one authority over commands, for every channel. Rules come from {@code etc/yakata.policy} (role x profile
 * action x zone; deny wins over allow; nothing is allowed that no rule allows). {@link DeviceRegistry#submit} asks it
 * for every command, so a channel need not; a channel asks it beforehand only to show what a user may do.
 */
@ProviderType
public interface CommandPolicy {

    /**
     * Decides whether {@code issuer} may run {@code action} on the device.
     *
     * @param deviceId the device, for the decision's sentence
     * @param profile the device's profile (or its type when it has none)
     * @param action  the profile action, or {@code write} for a point write
     * @param zone    the device's zone, empty when none
     */
    PolicyDecision decide(Issuer issuer, String deviceId, String profile, String action, String zone);
}
