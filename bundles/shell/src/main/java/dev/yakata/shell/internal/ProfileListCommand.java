package dev.yakata.shell.internal;

import dev.yakata.api.profile.ActionSpec;
import dev.yakata.api.profile.ArgumentSpec;
import dev.yakata.api.profile.PointRole;
import dev.yakata.api.profile.Profile;
import dev.yakata.core.api.ProfileRegistry;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "yakata", name = "profile-list",
        description = "Lists the device profiles: their point roles, actions with arguments, and events (docs/profiles.md)")
@Service
public class ProfileListCommand implements Action {

    @Argument(index = 0, name = "profile", description = "Show only this profile, e.g. door")
    String name;

    @Reference
    ProfileRegistry profiles;

    @Override
    public Object execute() {
        List<Profile> shown = name == null ? profiles.profiles() : profiles.profile(name).map(List::of).orElse(List.of());
        if (shown.isEmpty()) {
            System.out.println("No profile '" + name + "'; the profiles are "
                    + profiles.profiles().stream().map(Profile::name).collect(Collectors.joining(", ")));
            return null;
        }
        for (Profile profile : shown) {
            System.out.println(profile.name() + " — " + profile.description());
            for (PointRole role : profile.roles()) {
                System.out.println("  role    " + role.name() + " (" + role.kind().name().toLowerCase(Locale.ROOT)
                        + (role.required() ? ", required" : ", optional") + "): " + role.meaning());
            }
            for (ActionSpec action : profile.actions()) {
                String arguments = action.arguments().stream().map(ProfileListCommand::argument).collect(Collectors.joining(" "));
                System.out.println("  action  " + action.name() + (arguments.isEmpty() ? "" : " " + arguments) + ": " + action.description());
            }
            profile.events().forEach(e -> System.out.println("  event   " + e.type() + " " + e.dataKeys()));
        }
        return null;
    }

    private static String argument(ArgumentSpec spec) {
        StringBuilder text = new StringBuilder(spec.name()).append("=<").append(spec.kind().name().toLowerCase(Locale.ROOT));
        if (spec.min() != null || spec.max() != null) {
            text.append(' ').append(spec.min() == null ? "" : spec.min().longValue()).append("..")
                    .append(spec.max() == null ? "" : spec.max().longValue());
        }
        if (!spec.unit().isEmpty()) {
            text.append(' ').append(spec.unit());
        }
        if (spec.defaultValue() != null) {
            text.append(", default ").append(spec.defaultValue());
        }
        return text.append('>').toString();
    }
}
