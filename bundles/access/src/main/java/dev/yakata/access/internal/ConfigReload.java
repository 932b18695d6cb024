package dev.yakata.access.internal;

import dev.yakata.access.rules.AccessFileException;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.api.EventBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the access files in force: loads the folder at start, then on every {@link #poll()} compares each
 * {@code *.cfg} file's modification time and size with what was loaded, and loads the folder again once a change has
 * settled (the same on two polls running, so a save in progress is not read half-way). A folder that fails keeps the
 * previous configuration in force and is reported once per distinct problem, as {@code access.config.failed} and in
 * the log; a good load is {@code access.config.loaded}.
 *
 * <p>Generic over what is loaded, so its timing and reporting are tested without the rules. Polled on one thread.
 *
 * @param <T> what the folder loads into
 */
final class ConfigReload<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReload.class);

    /** Reads the whole folder, or refuses it for its first problem. */
    @FunctionalInterface
    interface Loader<T> {
        T load(Path folder) throws AccessFileException;
    }

    /**
     * What is in force and what is wrong.
     *
     * @param folder   the folder read
     * @param loaded   whether a configuration is in force
     * @param files    the files of the configuration in force
     * @param summary  the configuration in force, in a sentence; empty when none
     * @param loadedAt when it loaded, or null
     * @param problem  the problem that keeps the files on disk from being used, or null
     */
    record Status(Path folder, boolean loaded, List<String> files, String summary, Instant loadedAt,
            Problem problem) {

        /** For operators: what is in force, and what is refused. */
        String sentence() {
            String inForce = loaded ? "in force since " + loadedAt + ": " + summary
                    : "nothing is in force";
            return problem == null ? inForce : problem.sentence() + "; " + inForce;
        }
    }

    /** A refused folder or file: which file ({@code zones.cfg}, or the folder), which line (0 for none), what. */
    record Problem(String file, int line, String message, Instant at) {
        String sentence() {
            return file + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }

    private final Path folder;
    private final Loader<T> loader;
    private final Consumer<T> apply;
    private final Function<T, Map<String, Object>> describe;
    private final Function<T, String> summarise;
    private final EventBus bus;
    private final Clock clock;

    /** The files as last read (loaded or refused); null before the first read. */
    private Map<String, String> attempted;
    /** A change seen on the previous poll, waiting to be seen again before it is read. */
    private Map<String, String> settling;
    /** The problem last reported, so each is reported once. */
    private Problem reported;
    private volatile Status status;

    /**
     * @param apply     puts a loaded configuration in force
     * @param describe  the counts {@code access.config.loaded} carries besides {@code files}
     * @param summarise the configuration in a sentence, for the status and the log
     */
    ConfigReload(Path folder, Loader<T> loader, Consumer<T> apply, Function<T, Map<String, Object>> describe,
            Function<T, String> summarise, EventBus bus, Clock clock) {
        this.folder = folder;
        this.loader = loader;
        this.apply = apply;
        this.describe = describe;
        this.summarise = summarise;
        this.bus = bus;
        this.clock = clock;
        this.status = new Status(folder, false, List.of(), "", null, null);
    }

    Status status() {
        return status;
    }

    /**
     * Whether a change was seen on the last poll and waits to be seen again: the caller polls again soon rather than
     * after a whole poll interval, so a saved file is in force well within a second (BENCHMARKS.md, Access control end
     * to end: with 10,000 cards the folder takes 0.3-0.6 s to read).
     */
    synchronized boolean settling() {
        return settling != null;
    }

    /** Checks the folder, and loads it if it changed; never throws. */
    synchronized void poll() {
        Map<String, String> files;
        try {
            files = Files.isDirectory(folder) ? fingerprint() : null;
        } catch (IOException | RuntimeException e) {
            refuse(new Problem(folder.toString(), 0, "the folder cannot be read (" + e + ")", clock.instant()));
            return;
        }
        if (files == null) {
            attempted = null;
            settling = null;
            refuse(new Problem(folder.toString(), 0, "the folder does not exist; create it with zones.cfg, "
                    + "people.cfg, policies.cfg and holidays.cfg (see docs/access-control.md)", clock.instant()));
            return;
        }
        if (files.equals(attempted)) {
            return;
        }
        if (attempted != null && !files.equals(settling)) {
            settling = files; // read it on the next poll if nothing moves meanwhile
            return;
        }
        attempted = files;
        settling = null;
        load(List.copyOf(files.keySet()));
    }

    private void load(List<String> files) {
        T config;
        long started = System.nanoTime();
        try {
            config = loader.load(folder);
            apply.accept(config);
        } catch (AccessFileException e) {
            refuse(new Problem(e.file(), e.line(), withoutPlace(e), clock.instant()));
            return;
        } catch (RuntimeException e) {
            // A fault of the rules, not of the files: the same handling keeps the previous files in force.
            LOG.error("Access control: reading {} failed; the previous access files stay in force", folder, e);
            refuse(new Problem(folder.toString(), 0, "the access files could not be read: " + e, clock.instant()));
            return;
        }
        reported = null;
        String summary = summarise.apply(config);
        status = new Status(folder, true, files, summary, clock.instant(), null);
        LOG.info("Access control: loaded {} from {}", summary, folder);
        Event.Builder event = Event.builder(AccessEventTypes.CONFIG_LOADED, AccessEventTypes.SOURCE)
                .subject(folder.toString()).put("files", files)
                .put("loadMillis", (System.nanoTime() - started) / 1_000_000L);
        describe.apply(config).forEach(event::put);
        bus.publish(event.build());
    }

    private void refuse(Problem problem) {
        Status before = status;
        status = new Status(folder, before.loaded(), before.files(), before.summary(), before.loadedAt(), problem);
        if (reported != null && reported.file().equals(problem.file()) && reported.line() == problem.line()
                && reported.message().equals(problem.message())) {
            return;
        }
        reported = problem;
        LOG.warn("Access control: {}; {}", problem.sentence(),
                before.loaded() ? "the previous access files stay in force" : "every card is refused until it is fixed");
        bus.publish(Event.builder(AccessEventTypes.CONFIG_FAILED, AccessEventTypes.SOURCE).severity(Severity.WARNING)
                .subject(problem.file()).put("file", problem.file()).put("line", (long) problem.line())
                .put("message", problem.message()).build());
    }

    /** Each {@code *.cfg} file's name with its modification time and size. */
    private Map<String, String> fingerprint() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : (Iterable<Path>) entries::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".cfg") && Files.isRegularFile(file)) {
                    files.put(name, Files.getLastModifiedTime(file).to(TimeUnit.MICROSECONDS) + "/" + Files.size(file));
                }
            }
        }
        return files;
    }

    /** The exception's message without the {@code file:line: } it starts with, which the event carries apart. */
    private static String withoutPlace(AccessFileException e) {
        String place = e.file() + (e.line() > 0 ? ":" + e.line() : "") + ": ";
        String message = e.getMessage();
        return message != null && message.startsWith(place) ? message.substring(place.length()) : String.valueOf(message);
    }
}
