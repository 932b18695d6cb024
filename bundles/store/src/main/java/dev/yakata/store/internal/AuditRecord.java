package dev.yakata.store.internal;

/**
 * One audit record as the store writes it, before and after the chain gives it its hashes. Text fields are never
 * null; {@code argumentsJson} is a JSON object.
 */
record AuditRecord(String chain, long sequence, long timeNanos, String kind, String user, String channel,
        String device, String action, String argumentsJson, String outcome, String reason, String eventId,
        long journalPosition, String correlationId, String previousHash, String hash) {

    AuditRecord withChain(long newSequence, String newPreviousHash, String newHash) {
        return new AuditRecord(chain, newSequence, timeNanos, kind, user, channel, device, action, argumentsJson,
                outcome, reason, eventId, journalPosition, correlationId, newPreviousHash, newHash);
    }

    /** The record with every text as the writer stores it ({@link EventWriter#clean}), which is what is hashed. */
    AuditRecord cleaned() {
        return new AuditRecord(chain, sequence, timeNanos, EventWriter.clean(kind), EventWriter.clean(user),
                EventWriter.clean(channel), EventWriter.clean(device), EventWriter.clean(action),
                EventWriter.clean(argumentsJson), EventWriter.clean(outcome), EventWriter.clean(reason),
                EventWriter.clean(eventId), journalPosition, EventWriter.clean(correlationId), previousHash, hash);
    }
}
