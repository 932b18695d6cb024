package dev.yakata.store.api;

import java.time.Instant;
import java.util.Map;

/**
 * One record of a chain (the operator audit trail, or the Level-3 access record), projected from a control event in
 * the same transaction that stored it.
 *
 * @param chain           the chain it belongs to: {@code audit} for the operator trail, {@code access} for the
 *                        Level-3 entry/exit record
 * @param sequence        its number in the chain, 1 up without gaps
 * @param time            the event's time
 * @param kind            the event type it came from ({@code command.issued}, {@code policy.refused},
 *                        {@code login.refused}, {@code config.changed}, {@code access.granted}, ...)
 * @param user            who: the issuer's user name, or who logged in or changed the configuration
 * @param channel         through what: {@code SHELL}, {@code REST}, {@code MQTT}, ...; empty when the event says none
 * @param device          about which device (for a configuration change: the PID); empty when none
 * @param action          what was asked for (the command's action, the configuration change)
 * @param arguments       the command's arguments, or the rest of the event's data
 * @param outcome         {@code issued}, {@code allowed}, {@code refused}, {@code COMPLETED}, {@code FAILED}, ...
 * @param reason          why, as the event gives it; empty when none
 * @param eventId         the event's id
 * @param journalPosition the event's position in the journal
 * @param correlationId   the command (or session) it belongs to; empty when none
 * @param previousHash    the hash of the previous record in the chain; empty while the store computes no chain
 * @param hash            this record's hash; empty while the store computes no chain
 */
public record AuditEntry(String chain, long sequence, Instant time, String kind, String user, String channel,
        String device, String action, Map<String, Object> arguments, String outcome, String reason, String eventId,
        long journalPosition, String correlationId, String previousHash, String hash) {
}
