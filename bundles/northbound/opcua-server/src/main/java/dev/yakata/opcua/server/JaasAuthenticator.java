package dev.yakata.opcua.server;

import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks users against a JAAS realm, in Karaf the {@code karaf} realm that also guards the shell and SSH, so an
 * OPC UA client logs in with the same users and roles as the console. The subject it returns carries Karaf's user
 * and role principals, which {@code Issuers.fromSubject} turns into the issuer of the session's commands.
 */
public final class JaasAuthenticator implements UserAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(JaasAuthenticator.class);

    private final String realm;

    public JaasAuthenticator(String realm) {
        this.realm = realm;
    }

    @Override
    public Optional<Subject> authenticate(String username, String password) {
        Subject subject = new Subject();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
            // LoginContext loads the realm's login module (Karaf's ProxyLoginModule) through the context class loader;
            // this bundle's loader finds it by Karaf's boot delegation of org.apache.karaf.jaas.boot, whatever thread
            // Milo runs us on.
            Thread.currentThread().setContextClassLoader(JaasAuthenticator.class.getClassLoader());
            LoginContext login = new LoginContext(realm, subject, callbacks -> handle(callbacks, username, password));
            login.login();
        } catch (LoginException e) {
            LOG.debug("OPC UA login of {} refused by realm {}: {}", username, realm, e.getMessage());
            return Optional.empty();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        return Optional.of(subject);
    }

    private static void handle(Callback[] callbacks, String username, String password)
            throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(username);
            } else if (callback instanceof PasswordCallback secret) {
                secret.setPassword(password.toCharArray());
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }
}
