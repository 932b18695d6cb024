package dev.yakata.shell.internal;

import java.security.AccessController;
import java.security.Principal;
import javax.security.auth.Subject;

/** Who is typing: the JAAS user of the shell session, recorded on every command for the audit trail. */
final class Operator {

    private Operator() {
    }

    @SuppressWarnings("removal") // Karaf 4.4 runs each shell session inside Subject.doAs; this is how to read it on Java 17
    static String name() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject != null) {
            for (Principal principal : subject.getPrincipals()) {
                if (principal.getClass().getSimpleName().equals("UserPrincipal")) {
                    return principal.getName();
                }
            }
        }
        return "shell:" + System.getProperty("user.name", "unknown");
    }
}
