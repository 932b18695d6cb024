package dev.yakata.store.api;

import dev.yakata.api.event.Event;

/**
 * One stored control event.
 *
 * @param position its position in the journal, which is the order the store wrote it in
 * @param event    the event as it was journaled (same id, times to the nanosecond, data read back from JSON: whole
 *                 numbers as {@code Long}, others as {@code Double})
 */
public record StoredEvent(long position, Event event) {
}
