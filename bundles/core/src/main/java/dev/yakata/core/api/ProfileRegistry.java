package dev.yakata.core.api;

import dev.yakata.api.profile.Profile;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The profiles the hub declares, for the shell, the console and the docs. */
@ProviderType
public interface ProfileRegistry {

    /** Every profile, sorted by name. */
    List<Profile> profiles();

    Optional<Profile> profile(String name);
}
