package dev.yakata.journal.api;

import dev.yakata.api.event.Event;
import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An append-only, durable log of events with independent named cursors. Thread-safe.
 *
 * <p>Durability: {@link #append} writes the record to the operating system at once (a killed process loses nothing
 * that was appended) and a background thread forces it to the disk at the configured interval (200 ms by default),
 * which bounds what a power loss can take. {@link #awaitDurable} waits for that force.
 *
 * <p>Space: whole segment files are removed once every named cursor has committed past them (transient cursors hold
 * nothing; with no named cursor at all nothing is removed this way, so the first consumer to come finds every
 * record). When the journal reaches its size limit it never refuses an append; it removes its oldest segment, and a
 * cursor that had not read it yet is told how many records it lost ({@link JournalCursor#lost()}), which the journal
 * also logs and counts.
 */
@ProviderType
public interface Journal {

    /**
     * Appends an event and returns its position: 1 for the first record ever, then one more for each. Never blocks
     * on a consumer; never refuses for lack of room.
     *
     * @throws IOException only when the disk itself fails (the journal logs it) or the journal is closed
     * @throws IllegalArgumentException if the event's encoding exceeds the journal's record limit (1 MiB): nothing is
     *         appended; large data belongs in a file the event refers to
     */
    long append(Event event) throws IOException;

    /** Waits until every record up to {@code position} is forced to the disk, or the timeout passes; true if it is. */
    boolean awaitDurable(long position, long timeoutMillis) throws InterruptedException;

    /** The position of the last record appended, 0 when none. */
    long head();

    /**
     * The cursor of a named consumer ({@code mqtt-bridge}, {@code store}). Its committed position is kept on disk, so
     * after a restart it resumes after the last record it committed. A consumer new to the journal starts at the
     * oldest record still kept. One cursor per name; a second call returns the same cursor.
     *
     * @param consumer letters, digits, {@code .}, {@code _} and {@code -}, up to 64, starting with a letter or digit
     *                 (it names the cursor's file); anything else is an {@link IllegalArgumentException}
     */
    JournalCursor cursor(String consumer) throws IOException;

    /**
     * A cursor that is not kept: it starts after {@code position} and holds no segment on disk (a lagging transient
     * reader loses what the journal removes, counted in its {@link JournalCursor#lost()}). For the bus's own catch-up
     * after a burst.
     *
     * @param position 0 to {@link #head()}; beyond the head is an {@link IllegalArgumentException}
     */
    JournalCursor transientCursor(long position);

    /** Counters for operators and benchmarks. */
    JournalStatistics statistics();
}
