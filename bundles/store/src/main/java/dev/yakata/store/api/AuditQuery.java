package dev.yakata.store.api;

import java.time.Instant;

/**
 * Which audit entries to return. Start with {@link #between} and narrow it with the {@code with…} copies.
 *
 * @param from    first instant included
 * @param to      first instant excluded; must be after {@code from}
 * @param user    the issuer's user name (or the user who logged in); empty for any
 * @param channel the channel ({@code SHELL}, {@code REST}, {@code MQTT}, ...); empty for any
 * @param device  the device the entry is about; empty for any
 * @param kind    the event type it was projected from, exact ({@code policy.refused}) or a prefix ending in a dot
 *                ({@code command.}); empty for any
 * @param limit   page size, 1 to {@link EventStore#MAX_LIMIT}
 * @param next    the token of the previous page, empty for the first
 */
public record AuditQuery(Instant from, Instant to, String user, String channel, String device, String kind, int limit,
        String next) {

    public AuditQuery {
        user = user == null ? "" : user;
        channel = channel == null ? "" : channel;
        device = device == null ? "" : device;
        kind = kind == null ? "" : kind;
        next = next == null ? "" : next;
    }

    /** Every entry in {@code [from, to)}, 100 a page. */
    public static AuditQuery between(Instant from, Instant to) {
        return new AuditQuery(from, to, "", "", "", "", EventQuery.DEFAULT_LIMIT, "");
    }

    public AuditQuery withUser(String value) {
        return new AuditQuery(from, to, value, channel, device, kind, limit, next);
    }

    public AuditQuery withChannel(String value) {
        return new AuditQuery(from, to, user, value, device, kind, limit, next);
    }

    public AuditQuery withDevice(String value) {
        return new AuditQuery(from, to, user, channel, value, kind, limit, next);
    }

    public AuditQuery withKind(String value) {
        return new AuditQuery(from, to, user, channel, device, value, limit, next);
    }

    public AuditQuery withLimit(int value) {
        return new AuditQuery(from, to, user, channel, device, kind, value, next);
    }

    public AuditQuery withNext(String value) {
        return new AuditQuery(from, to, user, channel, device, kind, limit, value);
    }
}
