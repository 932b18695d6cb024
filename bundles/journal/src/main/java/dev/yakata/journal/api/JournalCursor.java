package dev.yakata.journal.api;

import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One consumer's reading position in the {@link Journal}. {@link #poll} and {@link #rewind} belong to one thread at a
 * time (the read position is not shared); {@link #commit}, {@link #committed}, {@link #lag}, {@link #lost} and
 * {@link #corrupted} may be called from any thread, also while another polls (the event store reads ahead on one
 * thread and commits on another).
 */
@ProviderType
public interface JournalCursor {

    /** The consumer's name; empty for a transient cursor. */
    String consumer();

    /**
     * Up to {@code max} records after the last one read (or, after a restart, after the last committed), in order,
     * waiting up to {@code timeoutMillis} for the first. A corrupted record or segment is skipped, counted in
     * {@link #corrupted()} and logged with its file and offset; the records after it are still delivered.
     *
     * @return the records, empty when none arrived in time
     */
    List<JournalEntry> poll(int max, long timeoutMillis) throws IOException, InterruptedException;

    /**
     * Marks every record up to {@code position} as done for this consumer. Written to disk at the journal's cursor
     * interval: after a crash a consumer may see again what it processed but had not yet had written (de-duplicate by
     * position or event id), and never misses what it did not commit. A position lower than already committed changes
     * nothing; one beyond {@link Journal#head()} is an {@link IllegalArgumentException}.
     */
    void commit(long position);

    /** The last position committed. */
    long committed();

    /** How many records were appended after the last one committed. */
    long lag();

    /** Records this cursor never saw because the journal removed them for space. */
    long lost();

    /** Records skipped because they were corrupted on disk. */
    long corrupted();

    /** Moves the read position back to the last committed one, to read again what was polled but not committed. */
    void rewind() throws IOException;
}
