package dev.yakata.journal.api;

import dev.yakata.api.event.Event;

/**
 * One record of the journal.
 *
 * @param position its position, see {@link Journal#append}
 * @param event    the event as it was appended
 */
public record JournalEntry(long position, Event event) {
}
