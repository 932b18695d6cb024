package dev.yakata.opcua.server;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;

/**
 * The northbound server's settings, checked. Who may command what is not among them: the core's command policy
 * ({@code etc/yakata.policy}) decides for every channel.
 *
 * @param bindAddress          the address to listen on; 127.0.0.1 unless a SCADA on another host must reach it
 * @param port                 TCP port
 * @param hostname             the host name endpoints advertise (defaults to the bind address)
 * @param path                 endpoint path, e.g. {@code /yakata}
 * @param securityPolicies     offered policies: None, Basic256Sha256 (Sign and SignAndEncrypt)
 * @param allowAnonymous       whether anonymous sessions are accepted (demo profile only)
 * @param anonymousRoles       the roles the issuer of an anonymous session carries (default yakata-viewer); the core's
 *                             command policy decides what they may command, as for any user
 * @param jaasRealm            the JAAS realm users are checked against
 * @param pkiDirectory         own certificate, trusted and rejected client certificates
 * @param applicationUri       the server's application URI
 * @param commandTimeoutMillis how long a write or call waits for the command's outcome
 */
public record ServerSettings(String bindAddress, int port, String hostname, String path,
        List<SecurityPolicy> securityPolicies, boolean allowAnonymous, Set<String> anonymousRoles,
        String jaasRealm, Path pkiDirectory, String applicationUri,
        long commandTimeoutMillis) {

    public ServerSettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port (1..65535)");
        }
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress is empty; use 127.0.0.1 or the address SCADA reaches");
        }
        hostname = hostname == null || hostname.isBlank() ? bindAddress : hostname;
        path = path == null || path.isBlank() ? "" : path.startsWith("/") ? path : "/" + path;
        if (securityPolicies.isEmpty()) {
            throw new IllegalArgumentException("securityPolicies is empty; use None, Basic256Sha256 or both");
        }
        if (commandTimeoutMillis <= 0) {
            throw new IllegalArgumentException("commandTimeoutMillis must be greater than 0");
        }
    }

    /** The URL clients connect to. */
    public String endpointUrl() {
        return "opc.tcp://" + hostname + ":" + port + path;
    }

    /** Parses {@code None, Basic256Sha256}. */
    public static List<SecurityPolicy> policies(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(name ->
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "none" -> SecurityPolicy.None;
                    case "basic256sha256" -> SecurityPolicy.Basic256Sha256;
                    default -> throw new IllegalArgumentException("securityPolicies: '" + name
                            + "' is not supported; use None and/or Basic256Sha256");
                }).distinct().toList();
    }

    /** Parses a comma list of roles. */
    public static Set<String> roles(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
