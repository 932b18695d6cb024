package dev.yakata.adapter.opcua.server;

import java.util.Collections;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.AbstractUsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.Identity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a user name and password when the hub's realm does and the user holds at least one role that may read;
 * anything else ends the session's activation with Bad_UserAccessDenied.
 */
final class HubIdentityValidator extends AbstractUsernameIdentityValidator {

    private static final Logger LOG = LoggerFactory.getLogger(HubIdentityValidator.class);

    private final UserAuthenticator authenticator;
    private final Set<String> readRoles;

    HubIdentityValidator(UserAuthenticator authenticator, Set<String> readRoles) {
        this.authenticator = authenticator;
        this.readRoles = readRoles;
    }

    @Override
    protected Identity.UsernameIdentity authenticateUsernamePassword(Session session, String username, String password) {
        Set<String> roles = authenticator.authenticate(username, password).orElse(null);
        if (roles == null) {
            LOG.info("OPC UA login refused for {}: wrong user name or password", username);
            return null;
        }
        if (Collections.disjoint(roles, readRoles)) {
            LOG.info("OPC UA login refused for {}: roles {} include none of {}", username, roles, readRoles);
            return null;
        }
        LOG.debug("OPC UA login of {} with roles {}", username, roles);
        return new HubUser(username, roles);
    }
}
