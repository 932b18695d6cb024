package dev.yakata.store.api;

import java.time.Instant;

/**
 * Which entries of one chain to return. Start with {@link #between} and narrow it with the {@code with…} copies.
 *
 * @param from    first instant included
 * @param to      first instant excluded; must be after {@code from}
 * @param user    the issuer's user name (or the user who logged in; in the access chain the person id); empty for any
 * @param channel the channel ({@code SHELL}, {@code REST}, {@code MQTT}, ...; {@code card} in the access chain); empty
 *                for any
 * @param device  the device the entry is about (in the access chain the door); empty for any
 * @param kind    the event type it was projected from, exact ({@code policy.refused}) or a prefix ending in a dot
 *                ({@code command.}); empty for any
 * @param limit   page size, 1 to {@link EventStore#MAX_LIMIT}
 * @param next    the token of the previous page, empty for the first
 * @param chain   the chain: {@link EventStore#AUDIT_CHAIN} (the default, also for {@code null} or empty) or
 *                {@link EventStore#ACCESS_CHAIN}; the store refuses another name
 * @since 0.3.0 ({@code chain})
 */
public record AuditQuery(Instant from, Instant to, String user, String channel, String device, String kind, int limit,
        String next, String chain) {

    public AuditQuery {
        user = user == null ? "" : user;
        channel = channel == null ? "" : channel;
        device = device == null ? "" : device;
        kind = kind == null ? "" : kind;
        next = next == null ? "" : next;
        chain = chain == null || chain.isBlank() ? EventStore.AUDIT_CHAIN : chain;
    }

    /** A query of the audit chain, as before chains could be chosen (0.2). */
    public AuditQuery(Instant from, Instant to, String user, String channel, String device, String kind, int limit,
            String next) {
        this(from, to, user, channel, device, kind, limit, next, EventStore.AUDIT_CHAIN);
    }

    /** Every entry of the audit chain in {@code [from, to)}, 100 a page. */
    public static AuditQuery between(Instant from, Instant to) {
        return new AuditQuery(from, to, "", "", "", "", EventQuery.DEFAULT_LIMIT, "", EventStore.AUDIT_CHAIN);
    }

    public AuditQuery withUser(String value) {
        return new AuditQuery(from, to, value, channel, device, kind, limit, next, chain);
    }

    public AuditQuery withChannel(String value) {
        return new AuditQuery(from, to, user, value, device, kind, limit, next, chain);
    }

    public AuditQuery withDevice(String value) {
        return new AuditQuery(from, to, user, channel, value, kind, limit, next, chain);
    }

    public AuditQuery withKind(String value) {
        return new AuditQuery(from, to, user, channel, device, value, limit, next, chain);
    }

    public AuditQuery withLimit(int value) {
        return new AuditQuery(from, to, user, channel, device, kind, value, next, chain);
    }

    public AuditQuery withNext(String value) {
        return new AuditQuery(from, to, user, channel, device, kind, limit, value, chain);
    }

    /**
     * The same query of another chain ({@code null} or empty for the audit chain). A {@code next} token belongs to
     * the chain it was given for.
     *
     * @since 0.3.0
     */
    public AuditQuery withChain(String value) {
        return new AuditQuery(from, to, user, channel, device, kind, limit, next, value);
    }
}
