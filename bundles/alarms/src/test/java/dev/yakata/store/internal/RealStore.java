package dev.yakata.store.internal;

import dev.yakata.api.event.Event;
import dev.yakata.journal.internal.JournalSettings;
import dev.yakata.journal.internal.SegmentedJournal;
import dev.yakata.store.api.EventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The hub's real event store for the alarms' tests: a {@link SegmentedJournal} and a {@link StoreEngine} on an H2
 * file, both in one folder, so a test can stop them and start them again on the same files as a restarted hub does.
 * In the store's package because the engine is not exported; on the test class path only.
 */
public final class RealStore implements AutoCloseable {

    private final SegmentedJournal journal;
    private final StoreEngine engine;

    private RealStore(SegmentedJournal journal, StoreEngine engine) {
        this.journal = journal;
        this.engine = engine;
    }

    /** Opens the journal and the store in {@code folder}, creating them the first time. */
    public static RealStore open(Path folder) throws IOException {
        SegmentedJournal journal = SegmentedJournal.open(folder.resolve("journal"), JournalSettings.defaults());
        Consumer<Event> toJournal = event -> {
            try {
                journal.append(event);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        StoreEngine engine = new StoreEngine(StoreSettings.defaults("yakata", folder.resolve("exports")), journal,
                toJournal, LibraryChainer.open(ChainSettings.in(folder.resolve("keys"), ChainSettings.DEFAULT_CHECKPOINT_SECONDS)));
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + folder.resolve("h2").resolve("store").toAbsolutePath());
        engine.dataSource(h2);
        engine.start();
        return new RealStore(journal, engine);
    }

    /** Appends a control event to the journal, as the bus does before delivering it. */
    public void append(Event event) {
        try {
            journal.append(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public EventStore store() {
        return engine;
    }

    @Override
    public void close() throws IOException {
        engine.close();
        journal.close();
    }
}
