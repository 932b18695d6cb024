package dev.yakata.bus;

import dev.yakata.journal.api.Journal;

/** The journal the bus's tests run on. */
final class TestJournals {

    private TestJournals() {
    }

    static Journal open() {
        return new MemoryJournal();
    }
}
