package dev.yakata.deployment;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every server of the hub on loopback while demo users are enabled, and the HTTP service's clear-text port on
 * loopback always. A ConfigAdmin plugin: each server's settings pass through here on their way to it, so a
 * {@code 0.0.0.0} written in its file becomes {@code 127.0.0.1} (with an error in the log that names the setting and
 * the fix) before the server ever binds. The files themselves are left as the administrator wrote them.
 */
final class LoopbackGuard implements ConfigurationPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackGuard.class);

    static final String LOOPBACK = "127.0.0.1";
    static final String PAX_WEB = "org.ops4j.pax.web";
    static final String HTTP_ENABLED = "org.osgi.service.http.enabled";
    static final String HTTPS_ENABLED = "org.osgi.service.http.secure.enabled";
    static final String KEYSTORE = "org.ops4j.pax.web.ssl.keystore";
    static final String KEYSTORE_PASSWORD = "org.ops4j.pax.web.ssl.keystore.password";

    /**
     * A server the hub runs: the PID and key of its listening address, and what the server binds when the key is
     * absent (Pax Web and Karaf's SSH bind every interface then).
     */
    record Server(String what, String pid, String key, String whenAbsent) {
        String file() {
            return "etc/" + pid + ".cfg";
        }
    }

    static final List<Server> SERVERS = List.of(
            new Server("HTTP/HTTPS (console, REST API, metrics)", PAX_WEB, "org.ops4j.pax.web.listening.addresses", "0.0.0.0"),
            new Server("SSH console", "org.apache.karaf.shell", "sshHost", "0.0.0.0"),
            new Server("OPC UA server", "dev.yakata.opcua.server", "bindAddress", LOOPBACK),
            new Server("BACnet/IP endpoint", "dev.yakata.adapter.bacnet", "localAddress", LOOPBACK));

    private static final Pattern SPLIT = Pattern.compile("\\s*,\\s*");

    /** Names of the users whose password is still the demo's; empty when none. Re-read when the file changes. */
    private final Supplier<List<String>> demoUsers;

    LoopbackGuard(Supplier<List<String>> demoUsers) {
        this.demoUsers = demoUsers;
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        apply(properties);
    }

    /**
     * Changes the settings as their server must see them; returns whether anything differs from what was given
     * (or the keystore was created or replaced), i.e. whether a server that got them unguarded must get them again.
     */
    boolean apply(Dictionary<String, Object> properties) {
        Object pid = properties.get("service.pid");
        if (pid == null) {
            return false;
        }
        boolean changed = false;
        for (Server server : SERVERS) {
            if (server.pid().equals(pid)) {
                changed |= guard(server, properties);
            }
        }
        if (PAX_WEB.equals(pid)) {
            changed |= clearTextOnLoopbackOnly(properties);
            changed |= !"kept".equals(keystore(properties));
        }
        return changed;
    }

    /** Rewrites the server's address to loopback if it names another while demo users are enabled. */
    boolean guard(Server server, Dictionary<String, Object> properties) {
        String configured = text(properties.get(server.key()));
        String address = configured == null || configured.isBlank() ? server.whenAbsent() : configured;
        List<String> beyond = beyondLoopback(address);
        if (beyond.isEmpty()) {
            return false;
        }
        List<String> demo = demoUsers.get();
        if (demo.isEmpty()) {
            return false;
        }
        properties.put(server.key(), LOOPBACK);
        LOG.error("Refusing to listen on {} for the {}: demo users are enabled ({} with their published passwords, in "
                + "etc/users.properties). The {} listens on {} only. Setting: {} = {} in {}{}. Fix: set "
                + "yakata.mode = production in etc/system.properties and restart (the demo users are then removed), "
                + "then give an administrator a password with bin/yakata-admin-password <name>; or change those "
                + "users' passwords (docs/security.md).", String.join(", ", beyond), server.what(), String.join(", ", demo),
                server.what(), LOOPBACK, server.key(), address, server.file(),
                configured == null ? " (absent: " + server.whenAbsent() + ")" : "");
        return true;
    }

    /** Pax Web listens with HTTP and HTTPS on the same addresses: beyond loopback, only HTTPS. */
    static boolean clearTextOnLoopbackOnly(Dictionary<String, Object> properties) {
        String addresses = text(properties.get(SERVERS.get(0).key()));
        if (addresses == null || addresses.isBlank()) {
            addresses = SERVERS.get(0).whenAbsent();
        }
        boolean https = Boolean.parseBoolean(text(properties.get(HTTPS_ENABLED)));
        if (!beyondLoopback(addresses).isEmpty() && https && !"false".equals(text(properties.get(HTTP_ENABLED)))) {
            properties.put(HTTP_ENABLED, "false");
            LOG.warn("HTTP (clear text) is off because the HTTP service listens beyond loopback ({} in etc/{}.cfg): "
                    + "browsers and scrapers use HTTPS on port {}", addresses, PAX_WEB,
                    text(properties.get("org.osgi.service.http.port.secure")));
            return true;
        }
        return false;
    }

    /** Creates (first start) or updates (a PEM pair dropped next to it) the keystore Pax Web is about to read. */
    static String keystore(Dictionary<String, Object> properties) {
        String path = text(properties.get(KEYSTORE));
        if (!Boolean.parseBoolean(text(properties.get(HTTPS_ENABLED))) || path == null || path.isBlank()) {
            return "kept";
        }
        String password = Objects.requireNonNullElse(text(properties.get(KEYSTORE_PASSWORD)), "");
        try {
            String done = HttpsKeystore.ensure(Path.of(path), password.toCharArray());
            HttpsKeystore.load(Path.of(path), password.toCharArray());
            return done;
        } catch (IOException | java.security.GeneralSecurityException e) {
            LOG.error("HTTPS cannot start: the keystore {} is not usable ({}). Fix: delete it to have a new self-signed "
                    + "certificate generated, or give the keystore's password as {} in etc/{}.cfg, or drop {} and {} "
                    + "next to it (docs/console.md)", path, e.getMessage(), KEYSTORE_PASSWORD, PAX_WEB,
                    HttpsKeystore.CERTIFICATE_PEM, HttpsKeystore.PRIVATE_KEY_PEM);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "failed";
    }

    /** The addresses of a comma-separated list that are not loopback; host names other than localhost count. */
    static List<String> beyondLoopback(String addresses) {
        List<String> out = new ArrayList<>();
        for (String a : SPLIT.split(addresses.trim())) {
            if (!a.isEmpty() && !isLoopback(a)) {
                out.add(a);
            }
        }
        return out;
    }

    static boolean isLoopback(String address) {
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (a.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!a.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            return false; // a host name: it may resolve to anything, so it is not loopback
        }
        try {
            return InetAddress.getByName(a).isLoopbackAddress(); // a literal: no name lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String text(Object value) {
        if (value instanceof String[] array) {
            return String.join(",", array);
        }
        return value == null ? null : value.toString();
    }

    /** Demo users of the realm's file, recomputed only when the file changes (bcrypt costs ~0.1 s per user). */
    static Supplier<List<String>> demoUsersOf(Path etc) {
        return new Supplier<>() {
            private FileTime seen;
            private long size = -1;
            private List<String> demo = List.of();

            @Override
            public synchronized List<String> get() {
                Path file = etc.resolve("users.properties");
                try {
                    FileTime t = Files.getLastModifiedTime(file);
                    long s = Files.size(file);
                    if (!t.equals(seen) || s != size) {
                        demo = DemoUsers.in(UsersFile.read(file), StoredPasswords.fromJaasConfig(etc));
                        seen = t;
                        size = s;
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.error("cannot read {} to check for demo users ({}); treating the demo users as enabled", file, e.toString());
                    return List.of("(unknown: " + file + " unreadable)");
                }
                return demo;
            }
        };
    }
}
