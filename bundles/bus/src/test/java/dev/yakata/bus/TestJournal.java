package dev.yakata.bus;

import dev.yakata.api.event.Event;
import dev.yakata.journal.api.Journal;
import dev.yakata.journal.api.JournalCursor;
import dev.yakata.journal.api.JournalEntry;
import dev.yakata.journal.api.JournalStatistics;
import dev.yakata.journal.internal.JournalSettings;
import dev.yakata.journal.internal.SegmentedJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real journal in a temporary folder, for the bus's tests; {@link #failAppends} makes its appends fail as a
 * full or broken disk would, to test what the bus does then.
 */
final class TestJournal implements Journal, AutoCloseable {

    private final Path directory;
    private final SegmentedJournal journal;
    volatile boolean failAppends;

    private TestJournal(Path directory) throws IOException {
        this.directory = directory;
        this.journal = SegmentedJournal.open(directory, JournalSettings.defaults());
    }

    static TestJournal open() {
        try {
            return new TestJournal(Files.createTempDirectory("yakata-bus-journal"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long append(Event event) throws IOException {
        if (failAppends) {
            throw new IOException("No space left on device (injected by the test)");
        }
        return journal.append(event);
    }

    @Override
    public boolean awaitDurable(long position, long timeoutMillis) throws InterruptedException {
        return journal.awaitDurable(position, timeoutMillis);
    }

    @Override
    public long head() {
        return journal.head();
    }

    @Override
    public JournalCursor cursor(String consumer) throws IOException {
        return journal.cursor(consumer);
    }

    @Override
    public JournalCursor transientCursor(long position) {
        return journal.transientCursor(position);
    }

    @Override
    public JournalStatistics statistics() {
        return journal.statistics();
    }

    /** Every record, read back from the disk. */
    List<Event> records() throws IOException, InterruptedException {
        JournalCursor cursor = journal.transientCursor(0);
        List<Event> all = new ArrayList<>();
        List<JournalEntry> batch;
        while (!(batch = cursor.poll(1000, 0)).isEmpty()) {
            batch.forEach(e -> all.add(e.event()));
        }
        return all;
    }

    @Override
    public void close() throws IOException {
        journal.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
