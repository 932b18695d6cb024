package dev.yakata.adapter.opcua.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/**
 * The OPC UA settings of one device, read from the {@code opcua.*} keys of its file.
 *
 * @param endpointUrl              {@code opcua.endpoint}: {@code opc.tcp://host:port/path} (required)
 * @param securityPolicy           {@code opcua.securityPolicy}: {@code None} (default) or {@code Basic256Sha256}
 * @param securityMode             {@code opcua.securityMode}: {@code None}, {@code Sign} or {@code SignAndEncrypt}
 *                                 (default {@code SignAndEncrypt} with Basic256Sha256)
 * @param username                 {@code opcua.username}; empty for anonymous
 * @param password                 {@code opcua.password}
 * @param publishingIntervalMillis {@code opcua.publishingIntervalMillis}, default the sampling interval
 * @param samplingIntervalMillis   {@code opcua.samplingIntervalMillis}, default 500
 * @param queueSize                {@code opcua.queueSize}: values the server keeps per item between publishes, default 1
 * @param deadband                 {@code opcua.deadband}: absolute deadband for analog points, default 0 (every change)
 * @param requestTimeoutMillis     {@code opcua.requestTimeoutMillis}, default 5000
 * @param reconnectMinMillis       {@code opcua.reconnectMinMillis}: first retry delay after a failed connect, default 1000
 * @param reconnectMaxMillis       {@code opcua.reconnectMaxMillis}: longest retry delay, default 30000
 * @param authRetryMinMillis       {@code opcua.authRetryMinMillis}: the delay after the server refused the user's
 *                                 credentials, default 300000 (5 min); strict servers lock an account after a few
 *                                 failed log-ins, so a wrong password is retried rarely
 * @param authRetryMaxMillis       {@code opcua.authRetryMaxMillis}: longest delay after repeated refusals, default
 *                                 3600000 (1 h); the delay doubles from the minimum up to it
 * @param actions                  {@code opcua.action.<name>.object}, {@code .method} and {@code .arguments}: device
 *                                 actions that call a method
 */
public record ClientSettings(String endpointUrl, SecurityPolicy securityPolicy, MessageSecurityMode securityMode,
        String username, String password, double publishingIntervalMillis, double samplingIntervalMillis,
        int queueSize, double deadband, long requestTimeoutMillis, long reconnectMinMillis, long reconnectMaxMillis,
        long authRetryMinMillis, long authRetryMaxMillis, Map<String, MethodAction> actions) {

    /** Prefix of every key this adapter reads. */
    public static final String PREFIX = "opcua.";

    /** The keys whose values are secrets (never shown, never logged). */
    public static final java.util.Set<String> SECRET_KEYS = java.util.Set.of(PREFIX + "password");

    /**
     * A device action that calls a method.
     *
     * @param name      the command's action ({@code close})
     * @param objectId  the object that owns the method
     * @param methodId  the method
     * @param arguments the method's input arguments in order: the command argument name and its OPC UA type
     */
    public record MethodAction(String name, NodeId objectId, NodeId methodId, List<Argument> arguments) {
    }

    /** One input argument: {@code name:Type}, e.g. {@code seconds:Double}. */
    public record Argument(String name, String type) {
    }

    /**
     * Reads and checks the settings.
     *
     * @throws IllegalArgumentException naming the key and the fix
     */
    public static ClientSettings parse(Map<String, String> properties) {
        String endpoint = properties.getOrDefault(PREFIX + "endpoint", "").trim();
        if (endpoint.isEmpty()) {
            throw new IllegalArgumentException("opcua.endpoint is missing; set it to the server's URL, e.g. "
                    + "opc.tcp://10.0.4.20:4840");
        }
        if (!endpoint.startsWith("opc.tcp://")) {
            throw new IllegalArgumentException("opcua.endpoint '" + endpoint + "' must start with opc.tcp://");
        }
        String policyName = properties.getOrDefault(PREFIX + "securityPolicy", "None").trim();
        SecurityPolicy policy = switch (policyName.toLowerCase(Locale.ROOT)) {
            case "none" -> SecurityPolicy.None;
            case "basic256sha256" -> SecurityPolicy.Basic256Sha256;
            default -> throw new IllegalArgumentException("opcua.securityPolicy '" + policyName
                    + "' is not supported; use None or Basic256Sha256");
        };
        String modeName = properties.getOrDefault(PREFIX + "securityMode",
                policy == SecurityPolicy.None ? "None" : "SignAndEncrypt").trim();
        MessageSecurityMode mode = switch (modeName.toLowerCase(Locale.ROOT)) {
            case "none" -> MessageSecurityMode.None;
            case "sign" -> MessageSecurityMode.Sign;
            case "signandencrypt" -> MessageSecurityMode.SignAndEncrypt;
            default -> throw new IllegalArgumentException("opcua.securityMode '" + modeName
                    + "' is not supported; use None, Sign or SignAndEncrypt");
        };
        if ((policy == SecurityPolicy.None) != (mode == MessageSecurityMode.None)) {
            throw new IllegalArgumentException("opcua.securityMode " + modeName + " does not go with opcua.securityPolicy "
                    + policyName + "; use None with None, Sign or SignAndEncrypt with Basic256Sha256");
        }
        String username = properties.getOrDefault(PREFIX + "username", "").trim();
        String password = properties.getOrDefault(PREFIX + "password", "");
        if (username.isEmpty() && !password.isEmpty()) {
            throw new IllegalArgumentException("opcua.password is set without opcua.username");
        }
        double sampling = positive(properties, "samplingIntervalMillis", 500);
        double publishing = positive(properties, "publishingIntervalMillis", sampling);
        int queueSize = (int) positive(properties, "queueSize", 1);
        double deadband = number(properties, "deadband", 0);
        if (deadband < 0) {
            throw new IllegalArgumentException("opcua.deadband must be 0 or more");
        }
        long requestTimeout = (long) positive(properties, "requestTimeoutMillis", 5000);
        long reconnectMin = (long) positive(properties, "reconnectMinMillis", 1000);
        long reconnectMax = (long) positive(properties, "reconnectMaxMillis", 30000);
        long authRetryMin = (long) positive(properties, "authRetryMinMillis", 300_000);
        long authRetryMax = (long) positive(properties, "authRetryMaxMillis", 3_600_000);
        return new ClientSettings(endpoint, policy, mode, username, password, publishing, sampling, queueSize, deadband,
                requestTimeout, reconnectMin, Math.max(reconnectMin, reconnectMax), authRetryMin,
                Math.max(authRetryMin, authRetryMax), actions(properties));
    }

    private static Map<String, MethodAction> actions(Map<String, String> properties) {
        TreeSet<String> names = new TreeSet<>();
        String actionPrefix = PREFIX + "action.";
        for (String key : properties.keySet()) {
            if (key.startsWith(actionPrefix)) {
                String rest = key.substring(actionPrefix.length());
                int dot = rest.lastIndexOf('.');
                String attribute = dot < 0 ? "" : rest.substring(dot + 1);
                if (dot <= 0 || !List.of("object", "method", "arguments").contains(attribute)) {
                    throw new IllegalArgumentException(key + " is not understood; an action is configured with "
                            + actionPrefix + "<name>.object, .method and optionally .arguments");
                }
                names.add(rest.substring(0, dot));
            }
        }
        Map<String, MethodAction> actions = new LinkedHashMap<>();
        for (String name : names) {
            String base = actionPrefix + name + ".";
            NodeId object = nodeId(properties, base + "object");
            NodeId method = nodeId(properties, base + "method");
            List<Argument> arguments = new ArrayList<>();
            String list = properties.getOrDefault(base + "arguments", "").trim();
            if (!list.isEmpty()) {
                for (String item : list.split(",")) {
                    String[] parts = item.trim().split(":");
                    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                        throw new IllegalArgumentException(base + "arguments: '" + item.trim()
                                + "' must be name:Type, e.g. seconds:Double");
                    }
                    arguments.add(new Argument(parts[0].trim(), parts[1].trim()));
                }
            }
            actions.put(name, new MethodAction(name, object, method, List.copyOf(arguments)));
        }
        return Map.copyOf(actions);
    }

    private static NodeId nodeId(Map<String, String> properties, String key) {
        String text = properties.getOrDefault(key, "").trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException(key + " is missing; give a node id such as ns=2;s=Shutter1");
        }
        return parseNodeId(text).orElseThrow(() -> new IllegalArgumentException(key + " '" + text
                + "' is not a node id; write it as ns=2;s=Name or ns=2;i=1001"));
    }

    /** Parses {@code ns=2;s=Shutter1.State}, {@code i=2258}, ...; empty when the text is no node id. */
    public static java.util.Optional<NodeId> parseNodeId(String text) {
        try {
            return java.util.Optional.of(NodeId.parse(text.trim()));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static double positive(Map<String, String> properties, String name, double defaultValue) {
        double value = number(properties, name, defaultValue);
        if (value <= 0) {
            throw new IllegalArgumentException(PREFIX + name + " must be greater than 0");
        }
        return value;
    }

    private static double number(Map<String, String> properties, String name, double defaultValue) {
        String text = properties.get(PREFIX + name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + name + " '" + text + "' is not a number");
        }
    }

    /** Whether the session presents a user name. */
    public boolean hasUser() {
        return !username.isEmpty();
    }

    @Override
    public String toString() {
        // never the password
        return endpointUrl + " (" + securityPolicy.name() + "/" + securityMode + ", "
                + (hasUser() ? "user " + username : "anonymous") + ")";
    }
}
