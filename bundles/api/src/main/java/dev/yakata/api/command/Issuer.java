package dev.yakata.api.command;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who issued a command: the user, the roles the hub found for that user, and the channel the command came through.
 * The hub sets it from the authenticated session (the shell's JAAS subject, the OPC UA session's identity, the MQTT
 * bridge's configured identity, a rule's id); it is never text a caller supplies. The command policy decides on it.
 *
 * @param user    the user name, or for {@link Channel#RULE}/{@link Channel#SCHEDULE}/{@link Channel#HUB} the component
 * @param roles   the user's roles, as the hub's JAAS realm gives them (e.g. {@code yakata-operator})
 * @param channel how the command arrived
 */
public record Issuer(String user, Set<String> roles, Channel channel) {

    /** The channels a command arrives through. */
    public enum Channel {
        /** The Karaf shell (local console or SSH). */
        SHELL,
        /** The web console and its REST API. */
        REST,
        /** A client of the hub's northbound OPC UA server. */
        OPCUA,
        /** A command message on the northbound MQTT broker. */
        MQTT,
        /** A Camel route or rule inside the hub. */
        RULE,
        /** A schedule inside the hub. */
        SCHEDULE,
        /** The hub itself (an access decision unlocking its door, a posture). */
        HUB
    }

    public Issuer {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(channel, "channel");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public static Issuer of(String user, Channel channel, String... roles) {
        return new Issuer(user, Set.of(roles), channel);
    }

    /** Whether the issuer holds this role. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** {@code user (roles…) via CHANNEL}, for messages and logs. */
    @Override
    public String toString() {
        return "'" + user + "' (" + (roles.isEmpty() ? "no role" : String.join(", ", new TreeSet<>(roles))) + ") via "
                + channel;
    }
}
