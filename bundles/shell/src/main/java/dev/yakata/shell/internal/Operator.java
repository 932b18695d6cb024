package dev.yakata.shell.internal;

import dev.yakata.api.command.Issuer;
import dev.yakata.core.api.Issuers;
import java.security.AccessController;
import javax.security.auth.Subject;

/** Who is typing: the JAAS user and roles of the shell session, which every command carries to the policy and the audit. */
final class Operator {

    private Operator() {
    }

    @SuppressWarnings("removal") // Karaf 4.4 runs each shell session inside Subject.doAs; this is how to read it on Java 17
    static Issuer issuer() {
        return Issuers.fromSubject(Subject.getSubject(AccessController.getContext()), Issuer.Channel.SHELL);
    }
}
