package dev.yakata.core.api;

import dev.yakata.api.command.Issuer;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * Issuers from an authenticated JAAS subject (the shell's session, an OPC UA or console log-in against the Karaf
 * realm): the user principal's name and every role principal. The hub's roles are {@link #VIEWER}, {@link #OPERATOR},
 * {@link #MANAGER} and {@link #ADMIN}; they are names of their own, so Karaf's built-in ACLs (which speak of
 * {@code viewer}, {@code manager}, {@code admin}) grant them nothing by accident.
 */
public final class Issuers {

    public static final String VIEWER = "yakata-viewer";
    public static final String OPERATOR = "yakata-operator";
    public static final String MANAGER = "yakata-manager";
    public static final String ADMIN = "yakata-admin";

    private static final String USER_PRINCIPAL = "org.apache.karaf.jaas.boot.principal.UserPrincipal";
    private static final String ROLE_PRINCIPAL = "org.apache.karaf.jaas.boot.principal.RolePrincipal";

    private Issuers() {
    }

    /**
     * The issuer a subject stands for on a channel. A subject with no user principal gives the user
     * {@code anonymous} with no roles, which the policy refuses everything.
     */
    public static Issuer fromSubject(Subject subject, Issuer.Channel channel) {
        String user = "anonymous";
        Set<String> roles = new LinkedHashSet<>();
        if (subject != null) {
            for (Principal p : subject.getPrincipals()) {
                // By class name: the principal classes live in Karaf's boot class path, which tests outside Karaf lack.
                String type = p.getClass().getName();
                if (USER_PRINCIPAL.equals(type)) {
                    user = p.getName();
                } else if (ROLE_PRINCIPAL.equals(type)) {
                    roles.add(p.getName());
                }
            }
        }
        return new Issuer(user, roles, channel);
    }

    /** The issuer for the hub's own commands (access control unlocking its door): role {@code yakata-hub}. */
    public static Issuer hub(String component) {
        return Issuer.of(component, Issuer.Channel.HUB, "yakata-hub");
    }
}
