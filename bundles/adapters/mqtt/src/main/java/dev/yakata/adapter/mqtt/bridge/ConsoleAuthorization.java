package dev.yakata.adapter.mqtt.bridge;

import java.io.IOException;
import java.security.Principal;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.karaf.jaas.boot.principal.GroupPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.BackingEngineService;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The console's rules for MQTT commands: a hub user's roles from the {@code karaf} JAAS realm (etc/users.properties,
 * groups included) against the roles that etc/org.apache.karaf.command.acl.yakata.cfg gives {@code device-command}
 * (actions) and {@code point-write} (writes). Both are read at each command, so an edit applies at once.
 */
final class ConsoleAuthorization implements CommandAuthorization {

    static final String ACL_PID = "org.apache.karaf.command.acl.yakata";
    private static final String REALM = "karaf";

    private final ConfigurationAdmin configurations;
    private final List<JaasRealm> realms;
    private final BackingEngineService engines;

    ConsoleAuthorization(ConfigurationAdmin configurations, List<JaasRealm> realms, BackingEngineService engines) {
        this.configurations = configurations;
        this.realms = realms;
        this.engines = engines;
    }

    @Override
    public String refusal(String hubUser, boolean pointWrite) {
        String command = pointWrite ? "point-write" : "device-command";
        Set<String> allowed = allowedRoles(command);
        Set<String> roles = roles(hubUser);
        if (roles.isEmpty()) {
            return "hub user '" + hubUser + "' does not exist or has no roles";
        }
        if (roles.stream().noneMatch(allowed::contains)) {
            return "hub user '" + hubUser + "' (roles " + roles + ") may not give " + command + " commands (needs one of " + allowed + ")";
        }
        return null;
    }

    private Set<String> allowedRoles(String command) {
        try {
            Configuration acl = configurations.getConfiguration(ACL_PID, null);
            Dictionary<String, Object> properties = acl.getProperties();
            Object value = properties == null ? null : properties.get(command);
            if (value == null) {
                return Set.of(); // no rule: nobody, rather than everybody
            }
            return Arrays.stream(value.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            return Set.of();
        }
    }

    /**
     * Adds roles, expanding group references itself: Karaf 4.4's properties engine expands {@code _g_:} entries
     * only when no space follows the comma, and users.properties is written with one.
     */
    private static void addRoles(Set<String> roles, BackingEngine engine, List<RolePrincipal> found) {
        for (RolePrincipal role : found) {
            String name = role.getName().trim();
            if (name.startsWith(BackingEngine.GROUP_PREFIX)) {
                List<RolePrincipal> groupRoles = engine.listRoles(new GroupPrincipal(name.substring(BackingEngine.GROUP_PREFIX.length())));
                for (RolePrincipal groupRole : groupRoles) {
                    String r = groupRole.getName().trim();
                    if (!r.isEmpty() && !r.startsWith(BackingEngine.GROUP_PREFIX)) {
                        roles.add(r);
                    }
                }
            } else if (!name.isEmpty()) {
                roles.add(name);
            }
        }
    }

    private Set<String> roles(String user) {
        Set<String> roles = new TreeSet<>();
        Principal principal = new UserPrincipal(user);
        for (JaasRealm realm : realms) {
            if (!REALM.equals(realm.getName())) {
                continue;
            }
            for (AppConfigurationEntry entry : realm.getEntries()) {
                BackingEngine engine = engines.get(entry);
                if (engine != null && engine.lookupUser(user) != null) {
                    addRoles(roles, engine, engine.listRoles(principal));
                }
            }
        }
        return roles;
    }
}
