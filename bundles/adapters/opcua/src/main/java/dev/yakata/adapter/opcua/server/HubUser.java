package dev.yakata.adapter.opcua.server;

import java.util.Set;
import org.eclipse.milo.opcua.sdk.server.identity.DefaultUsernameIdentity;

/** A logged-in OPC UA user with the roles the hub's realm gave it. */
final class HubUser extends DefaultUsernameIdentity {

    private final Set<String> roles;

    HubUser(String username, Set<String> roles) {
        super(username);
        this.roles = Set.copyOf(roles);
    }

    Set<String> roles() {
        return roles;
    }
}
