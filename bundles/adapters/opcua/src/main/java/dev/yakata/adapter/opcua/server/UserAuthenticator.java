package dev.yakata.adapter.opcua.server;

import java.util.Optional;
import java.util.Set;

/** Checks a user name and password against the hub's users. */
@FunctionalInterface
public interface UserAuthenticator {

    /**
     * @return the user's roles, or empty when the name or password is wrong
     */
    Optional<Set<String>> authenticate(String username, String password);
}
