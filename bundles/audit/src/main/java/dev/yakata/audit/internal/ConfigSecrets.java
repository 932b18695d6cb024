package dev.yakata.audit.internal;

import dev.yakata.util.secret.SecretKeys;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which keys of one configuration are secret: those whose name says so, and in a device file those its adapter
 * declares ({@code DeviceAdapter.secretSettings()}).
 */
final class ConfigSecrets {

    /** The core's device files (DeviceConfigParser.FACTORY_PID in the core, whose model package is not exported). */
    static final String DEVICE_FACTORY_PID = "dev.yakata.device";
    /** The device-file key naming the adapter that drives the device. */
    static final String ADAPTER_KEY = "adapter";

    /** Device-file keys the core itself reads (DeviceConfigParser); every other key is an adapter's setting. */
    private static final Set<String> CORE_DEVICE_KEYS = Set.of("device.id", "device.type", "device.profile",
            ADAPTER_KEY, "name", "site", "floor", "zone");
    private static final List<String> CORE_DEVICE_PREFIXES = List.of("point.", "action.", "role.");

    private ConfigSecrets() {
    }

    /**
     * The secret keys of one configuration seen {@code before} and {@code after} a change.
     *
     * @param declaredByAdapter the keys an installed adapter declares secret, by adapter id, or {@code null} when no
     *                          adapter of that id is installed (or it failed to say)
     */
    static Predicate<String> of(String factoryPid, Map<String, ?> before, Map<String, ?> after,
            Function<String, Set<String>> declaredByAdapter) {
        if (!DEVICE_FACTORY_PID.equals(factoryPid)) {
            return SecretKeys::nameSaysSecret;
        }
        Set<String> declared = new HashSet<>();
        boolean unknown = false;
        Set<String> adapterIds = new HashSet<>();
        for (Map<String, ?> side : List.of(before, after)) {
            Object id = side.get(ADAPTER_KEY);
            if (id != null) {
                adapterIds.add(id.toString().trim());
            }
        }
        if (adapterIds.isEmpty()) {
            unknown = true;
        }
        for (String id : adapterIds) {
            Set<String> keys = declaredByAdapter.apply(id);
            if (keys == null) {
                unknown = true;
            } else {
                declared.addAll(keys);
            }
        }
        if (unknown) {
            // Without the adapter nobody can say which of its settings are secret: hide them all rather than guess.
            return key -> SecretKeys.isSecret(key, declared) || !isCoreDeviceKey(key);
        }
        return key -> SecretKeys.isSecret(key, declared);
    }

    private static boolean isCoreDeviceKey(String key) {
        return CORE_DEVICE_KEYS.contains(key) || CORE_DEVICE_PREFIXES.stream().anyMatch(key::startsWith)
                || ConfigChanges.isBookkeeping(key);
    }
}
