package dev.yakata.store.internal;

import static org.junit.Assert.fail;

import dev.yakata.api.event.Event;
import dev.yakata.journal.internal.JournalSettings;
import dev.yakata.journal.internal.SegmentedJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A store on a real {@link SegmentedJournal} in a folder of its own: events are appended to the journal as the bus
 * would, and what the store publishes goes back into the same journal (as on the hub) and into {@link #published}.
 */
final class StoreFixture implements AutoCloseable {

    final Path folder;
    final StoreSettings settings;
    final List<Event> published = new CopyOnWriteArrayList<>();
    SegmentedJournal journal;
    StoreEngine engine;
    /** The audit chain's keys and checkpoint interval for the next store started (the keys in this folder). */
    ChainSettings chainSettings;
    /** Installed in the next store before it starts. */
    EventWriter.AfterCommit afterCommit;

    StoreFixture(String schema) throws IOException {
        this(schema, Files.createTempDirectory(Path.of("target").toAbsolutePath(), "store-"));
    }

    private StoreFixture(String schema, Path folder) throws IOException {
        this.folder = folder;
        this.settings = StoreSettings.defaults(schema, folder.resolve("exports"));
        this.chainSettings = ChainSettings.in(folder.resolve("keys"), ChainSettings.DEFAULT_CHECKPOINT_SECONDS);
    }

    /** Opens the journal (again) and starts a store on it, with {@code dataSource} (or none). */
    StoreFixture start(DataSource dataSource) throws IOException, InterruptedException {
        return start(dataSource, settings);
    }

    StoreFixture start(DataSource dataSource, StoreSettings with) throws IOException, InterruptedException {
        launch(dataSource, with);
        if (dataSource != null) {
            StoreEngine started = engine;
            await(() -> started.status().connected(), 30_000, () -> "the store did not connect: " + started.status());
        }
        return this;
    }

    /**
     * Starts a store without waiting for it to connect: for a test whose database refuses a write so soon that the
     * store may never be seen connected.
     */
    StoreFixture launch(DataSource dataSource, StoreSettings with) throws IOException {
        openJournal();
        engine = new StoreEngine(with, journal, this::publish, LibraryChainer.open(chainSettings));
        engine.dataSource(dataSource);
        if (afterCommit != null) {
            engine.afterCommit(afterCommit);
            afterCommit = null;
        }
        engine.start();
        return this;
    }

    private void publish(Event event) {
        published.add(event);
        try {
            journal.append(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the journal, if it is not open: as the hub does before any store. */
    SegmentedJournal openJournal() throws IOException {
        if (journal == null) {
            journal = SegmentedJournal.open(folder.resolve("journal"), JournalSettings.defaults());
        }
        return journal;
    }

    long append(Event event) throws IOException {
        return openJournal().append(event);
    }

    /** Waits until the store has written everything the journal holds. */
    void awaitCaughtUp(long timeoutMillis) throws InterruptedException {
        await(() -> engine.status().journalLag() == 0 && engine.status().connected(), timeoutMillis,
                () -> "the store did not catch up: " + engine.status());
    }

    static void await(BooleanSupplier condition, long timeoutMillis, java.util.function.Supplier<String> message)
            throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail(message.get());
            }
            Thread.sleep(20);
        }
    }

    /** Stops the store, keeping the journal open. */
    void stopStore() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    /** Stops the store and closes the journal, as a stopped hub leaves them. */
    void stopAll() throws IOException {
        stopStore();
        if (journal != null) {
            journal.close();
            journal = null;
        }
    }

    @Override
    public void close() throws IOException {
        stopAll();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
