package dev.yakata.opcua.server;

import dev.yakata.api.command.Issuer;
import org.eclipse.milo.opcua.sdk.server.identity.DefaultUsernameIdentity;

/** A logged-in OPC UA user, with the issuer its commands carry (user and roles from the hub's realm). */
final class HubUser extends DefaultUsernameIdentity {

    private final Issuer issuer;

    HubUser(String username, Issuer issuer) {
        super(username);
        this.issuer = issuer;
    }

    Issuer issuer() {
        return issuer;
    }
}
