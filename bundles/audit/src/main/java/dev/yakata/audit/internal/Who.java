package dev.yakata.audit.internal;

import java.security.Principal;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/**
 * Who acted and from where, as a Karaf JAAS subject says: the {@link UserPrincipal}'s name, and the
 * {@link ClientPrincipal} that Karaf's SSH, local console, JMX and web console add before logging in
 * ({@code ssh}, {@code /127.0.0.1:41504}). Empty strings where the subject does not say.
 */
record Who(String user, String channel, String address) {

    static final Who NOBODY = new Who("", "", "");

    static Who of(Object subject) {
        if (!(subject instanceof Subject s)) {
            return NOBODY;
        }
        String user = "";
        String channel = "";
        String address = "";
        for (Principal principal : principals(s)) {
            if (principal instanceof UserPrincipal && user.isEmpty()) {
                user = principal.getName();
            } else if (principal instanceof ClientPrincipal client && channel.isEmpty()) {
                channel = nonNull(client.getMethod());
                address = nonNull(client.getAddress());
                if (address.startsWith("/")) {
                    address = address.substring(1); // InetSocketAddress's text: "/127.0.0.1:41504"
                }
            }
        }
        return new Who(user, channel, address);
    }

    /**
     * A copy of the subject's principals. A log-in may still be adding principals while EventAdmin delivers its
     * event (Karaf's own audit loses a record that way now and then, docs/security.md), so copy again if it moved.
     */
    private static List<Principal> principals(Subject subject) {
        for (int attempt = 1; ; attempt++) {
            try {
                return new ArrayList<>(subject.getPrincipals());
            } catch (ConcurrentModificationException e) {
                if (attempt == 3) {
                    return List.of();
                }
            }
        }
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }
}
