package dev.yakata.opcua.server;

import java.util.Optional;
import javax.security.auth.Subject;

/** Checks a user name and password against the hub's users. */
@FunctionalInterface
public interface UserAuthenticator {

    /**
     * @return the authenticated subject (user and role principals), or empty when the name or password is wrong
     */
    Optional<Subject> authenticate(String username, String password);
}
