package dev.yakata.opcua.server;

import dev.yakata.api.command.Issuer;
import dev.yakata.core.api.Issuers;
import javax.security.auth.Subject;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.AbstractUsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.Identity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a user name and password when the hub's realm does and the user holds at least one of the hub's roles
 * ({@code yakata-*}): such a user may browse, read and subscribe. What the user may command is not decided here but
 * by the core's command policy, on the issuer built from the realm's subject. Anything else ends the session's
 * activation with Bad_UserAccessDenied.
 */
final class HubIdentityValidator extends AbstractUsernameIdentityValidator {

    /** The prefix of the hub's own roles (yakata-viewer, yakata-operator, yakata-manager, yakata-admin). */
    static final String HUB_ROLE_PREFIX = "yakata-";

    private static final Logger LOG = LoggerFactory.getLogger(HubIdentityValidator.class);

    private final UserAuthenticator authenticator;

    HubIdentityValidator(UserAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected Identity.UsernameIdentity authenticateUsernamePassword(Session session, String username, String password) {
        Subject subject = authenticator.authenticate(username, password).orElse(null);
        if (subject == null) {
            LOG.info("OPC UA login refused for {} from {}: wrong user name or password", username,
                    session.getClientAddress());
            return null;
        }
        Issuer issuer = Issuers.fromSubject(subject, Issuer.Channel.OPCUA);
        if (issuer.roles().stream().noneMatch(role -> role.startsWith(HUB_ROLE_PREFIX))) {
            LOG.info("OPC UA login refused for {}: roles {} include none of the hub's (yakata-viewer, "
                    + "yakata-operator, yakata-manager, yakata-admin); give the user one in the karaf realm",
                    username, issuer.roles());
            return null;
        }
        LOG.debug("OPC UA login of {}", issuer);
        return new HubUser(username, issuer);
    }
}
