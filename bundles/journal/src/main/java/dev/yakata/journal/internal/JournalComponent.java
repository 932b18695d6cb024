package dev.yakata.journal.internal;

import dev.yakata.api.event.Event;
import dev.yakata.journal.api.Journal;
import dev.yakata.journal.api.JournalCursor;
import dev.yakata.journal.api.JournalStatistics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the journal from the {@code dev.yakata.journal} configuration (defaults without one) and registers it as the
 * {@link Journal} service. A configuration change closes and reopens it, so the service goes away meanwhile and its
 * users rebind. A bad setting fails activation with a message naming the key and the fix.
 */
@Component(name = JournalComponent.PID, configurationPid = JournalComponent.PID, service = Journal.class,
        immediate = true)
@Designate(ocd = JournalComponent.Config.class)
public final class JournalComponent implements Journal {

    static final String PID = "dev.yakata.journal";

    private static final Logger LOG = LoggerFactory.getLogger(JournalComponent.class);
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    @ObjectClassDefinition(name = "Yakata journal", description = "The durable journal of security-relevant "
            + "events, read by each consumer (bus catch-up, northbound bridge, event store) through its own cursor")
    public @interface Config {
        @AttributeDefinition(description = "Directory of the segment and cursor files; ${karaf.data} and other "
                + "system properties in ${...} are replaced")
        String directory() default "${karaf.data}/journal";

        @AttributeDefinition(description = "Size at which a new segment file starts, in bytes; space is freed a "
                + "whole segment at a time")
        long segmentBytes() default JournalSettings.DEFAULT_SEGMENT_BYTES;

        @AttributeDefinition(description = "Limit of all segment files, in bytes, at least two segments; beyond it "
                + "the oldest segment is removed (never an append refused) and lagging consumers count what they lost")
        long maxBytes() default JournalSettings.DEFAULT_MAX_BYTES;

        @AttributeDefinition(description = "How often appended records are forced to the disk, in ms: what a power "
                + "loss can take (a crash of the hub's process loses nothing)")
        long syncIntervalMillis() default JournalSettings.DEFAULT_SYNC_INTERVAL_MILLIS;

        @AttributeDefinition(description = "How often consumers' committed positions are written, in ms: what a "
                + "consumer may see again after a crash")
        long cursorSyncMillis() default JournalSettings.DEFAULT_CURSOR_SYNC_MILLIS;
    }

    private volatile SegmentedJournal journal;

    @Activate
    void activate(Config config, Map<String, Object> properties) throws IOException {
        JournalSettings settings;
        Path directory;
        try {
            checkWholeNumbers(properties);
            directory = Path.of(resolve(config.directory()));
            settings = new JournalSettings(config.segmentBytes(), config.maxBytes(), config.syncIntervalMillis(),
                    config.cursorSyncMillis(), JournalSettings.DEFAULT_MAX_RECORD_BYTES);
        } catch (IllegalArgumentException e) {
            String message = "Journal configuration " + PID + " (etc/" + PID + ".cfg): " + e.getMessage();
            LOG.error(message);
            throw new IllegalArgumentException(message, e);
        }
        try {
            journal = SegmentedJournal.open(directory, settings);
        } catch (IOException e) {
            String message = "Journal configuration " + PID + " (etc/" + PID + ".cfg), directory = " + directory
                    + ": " + e.getMessage();
            LOG.error(message);
            throw new IOException(message, e);
        }
    }

    @Deactivate
    void deactivate() {
        SegmentedJournal open = journal;
        journal = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                LOG.warn("Closing the journal {} failed", open.directory(), e);
            }
        }
    }

    /** The numeric settings, which DS would otherwise read as 0 when a file says {@code 16MB}. */
    private static final List<String> WHOLE_NUMBERS = List.of("segmentBytes", "maxBytes", "syncIntervalMillis",
            "cursorSyncMillis");

    private static void checkWholeNumbers(Map<String, Object> properties) {
        for (String key : WHOLE_NUMBERS) {
            Object value = properties.get(key);
            if (value instanceof String text) {
                try {
                    Long.parseLong(text.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " = " + text + " is not a whole number: write it in "
                            + "digits only, without a unit (" + (key.endsWith("Bytes") ? "bytes" : "milliseconds")
                            + ")");
                }
            }
        }
    }

    /**
     * The directory setting with {@code ${name}} replaced by the system property; an empty setting is the default.
     *
     * @throws IllegalArgumentException naming the key when a property is not set
     */
    static String resolve(String setting) {
        String value = setting == null || setting.isBlank() ? "${karaf.data}/journal" : setting.trim();
        Matcher matcher = PROPERTY.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String property = System.getProperty(matcher.group(1));
            if (property == null) {
                throw new IllegalArgumentException("directory = " + value + " names the system property "
                        + matcher.group(1) + ", which is not set: set directory to an absolute path");
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(property));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    private SegmentedJournal journal() throws IOException {
        SegmentedJournal open = journal;
        if (open == null) {
            throw new IOException("The journal is not open (its component is stopped)");
        }
        return open;
    }

    @Override
    public long append(Event event) throws IOException {
        return journal().append(event);
    }

    @Override
    public boolean awaitDurable(long position, long timeoutMillis) throws InterruptedException {
        SegmentedJournal open = journal;
        return open != null && open.awaitDurable(position, timeoutMillis);
    }

    @Override
    public long head() {
        SegmentedJournal open = journal;
        return open == null ? 0 : open.head();
    }

    @Override
    public JournalCursor cursor(String consumer) throws IOException {
        return journal().cursor(consumer);
    }

    @Override
    public JournalCursor transientCursor(long position) {
        SegmentedJournal open = journal;
        if (open == null) {
            throw new IllegalStateException("The journal is not open (its component is stopped)");
        }
        return open.transientCursor(position);
    }

    @Override
    public JournalStatistics statistics() {
        SegmentedJournal open = journal;
        if (open == null) {
            return new JournalStatistics(0, 0, 0, 0, 0, 0, 0, java.util.Map.of());
        }
        return open.statistics();
    }

    /** For tests: the journal behind the service, or null when stopped. */
    SegmentedJournal delegate() {
        return journal;
    }
}
