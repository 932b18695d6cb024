package dev.yakata.bus;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.camel.YakataConstants;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Keeps the context's user routes in step with the {@code *.yaml} files of one directory: loads each at start,
 * reloads a file whose content changed (only that file's routes), removes a deleted file's routes. A file that fails
 * (bad YAML, bad DSL, unknown endpoint, too large) is reported with file, line and column where known, has no routes
 * running, and leaves every other file's routes alone. Every outcome is also published on the bus.
 */
final class RouteFileWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileWatcher.class);
    private static final Pattern TRAILING_LINE = Pattern.compile(":(\\d+)$");

    private final YakataEventBus bus;
    private final RouteInstaller installer;
    private final CamelContext context;
    private final Path directory;
    private final long pollMillis;
    private final long maxBytes;
    private final Map<String, FileState> files = new HashMap<>();
    private ScheduledExecutorService executor;

    /** What is known of one file: its content when last seen, and the routes it created. */
    private record FileState(long size, long modified, String content, Set<String> routeIds) {
    }

    RouteFileWatcher(YakataEventBus bus, RouteInstaller installer, Path directory, long pollMillis, long maxBytes) {
        this.bus = bus;
        this.installer = installer;
        this.context = bus.camelContext();
        this.directory = directory;
        this.pollMillis = pollMillis;
        this.maxBytes = maxBytes;
    }

    /** Creates the directory if missing, loads every file now, then polls. */
    void start() throws IOException {
        Files.createDirectories(directory);
        scan();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "yakata-bus-route-watcher");
            t.setDaemon(true);
            // Camel resolves DSL loaders and components through the bus bundle; never through a caller's TCCL
            t.setContextClassLoader(RouteFileWatcher.class.getClassLoader());
            return t;
        });
        executor.scheduleWithFixedDelay(this::scanSafely, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void scanSafely() {
        try {
            scan();
        } catch (Throwable t) {
            LOG.error("Scanning route directory {} failed: {}", directory, t.getMessage(), t);
        }
    }

    synchronized void scan() throws IOException {
        Set<String> present = new HashSet<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.yaml")) {
                for (Path file : stream) {
                    if (Files.isRegularFile(file)) {
                        present.add(file.getFileName().toString());
                        check(file);
                    }
                }
            }
        }
        for (String gone : new ArrayList<>(files.keySet())) {
            if (!present.contains(gone)) {
                FileState old = files.remove(gone);
                if (!bus.isStarted()) {
                    return;
                }
                installer.remove(old.routeIds());
                LOG.info("Route file {} deleted: removed routes {}", gone, old.routeIds());
                publish(EventTypes.ROUTE_REMOVED, gone, Severity.INFO,
                        Map.of("file", gone, "routes", List.copyOf(old.routeIds())));
            }
        }
    }

    private void check(Path file) throws IOException {
        String name = file.getFileName().toString();
        long size = Files.size(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        FileState old = files.get(name);
        if (size > maxBytes) {
            if (old != null && old.size() == size && old.modified() == modified && old.content() == null) {
                return;
            }
            unload(old);
            files.put(name, new FileState(size, modified, null, Set.of()));
            String error = "Route file " + name + " is " + size + " bytes, over the limit of " + maxBytes
                    + " bytes (maxRouteFileBytes); refused: split it into smaller files or raise maxRouteFileBytes in"
                    + " etc/dev.yakata.bus.cfg";
            LOG.error(error);
            publishFailed(name, null, null, error, List.of());
            return;
        }
        String content = Files.readString(file, StandardCharsets.UTF_8);
        if (old != null && content.equals(old.content())) {
            return;
        }
        unload(old);
        try {
            Set<String> ids = install(name, content);
            files.put(name, new FileState(size, modified, content, ids));
            LOG.info("Route file {} {}: routes {}", name, old == null ? "loaded" : "reloaded", ids);
            publish(EventTypes.ROUTE_LOADED, name, Severity.INFO, Map.of("file", name, "routes", List.copyOf(ids)));
        } catch (Exception | LinkageError e) {
            // A broken edit of a working file must not take its routes away: the last good version runs on.
            Set<String> restored = restore(name, old);
            files.put(name, new FileState(size, modified, content, restored));
            Integer[] where = location(e);
            String error = describe(e);
            // the message names file, position and cause; the stack trace only helps when debugging the bus
            LOG.error("Route file {} failed{}: {}{}", name,
                    where[0] == null ? "" : " at line " + where[0] + (where[1] == null ? "" : ", column " + where[1]),
                    error, restored.isEmpty() ? "" : "; its previous version keeps running (routes " + restored + ")");
            LOG.debug("Route file {} failure detail", name, e);
            publishFailed(name, where[0], where[1], error, List.copyOf(restored));
        }
    }

    private Set<String> install(String name, String content) throws Exception {
        Resource resource = ResourceHelper.fromString(name, content);
        Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource);
        return installer.addAll(builders);
    }

    /** Puts back the routes of the version that ran before, if one did; the ids now running, empty if none. */
    private Set<String> restore(String name, FileState old) {
        if (old == null || old.content() == null || old.routeIds().isEmpty()) {
            return Set.of();
        }
        try {
            return install(name, old.content());
        } catch (Exception | LinkageError e) {
            LOG.error("Route file {}: its previous version could not be restored either: {}", name, describe(e));
            return Set.of();
        }
    }

    private void unload(FileState old) {
        if (old != null && !old.routeIds().isEmpty()) {
            installer.remove(old.routeIds());
        }
    }

    /** Line and column (1-based) from the first exception in the chain that carries them. */
    static Integer[] location(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MarkedYamlEngineException m) {
                Optional<Mark> mark = m.getProblemMark().or(m::getContextMark);
                if (mark.isPresent()) {
                    return new Integer[] {mark.get().getLine() + 1, mark.get().getColumn() + 1};
                }
            }
            if (t instanceof FailedToCreateRouteException f && f.getLocation() != null) {
                Matcher m = TRAILING_LINE.matcher(f.getLocation());
                if (m.find()) {
                    return new Integer[] {Integer.valueOf(m.group(1)), null};
                }
            }
        }
        return new Integer[] {null, null};
    }

    /** The outermost message plus the root cause's, which usually names the actual problem. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = String.valueOf(e.getMessage());
        if (root != e && root.getMessage() != null && !msg.contains(root.getMessage())) {
            msg = msg + " (cause: " + root.getMessage() + ")";
        }
        return msg;
    }

    /** {@code running}: the routes of the file's previous version that still run, empty when none. */
    private void publishFailed(String name, Integer line, Integer column, String error, List<String> running) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("file", name);
        if (line != null) {
            data.put("line", line);
        }
        if (column != null) {
            data.put("column", column);
        }
        data.put("error", error);
        data.put("running", running);
        publish(EventTypes.ROUTE_FAILED, name, Severity.WARNING, data);
    }

    private void publish(String type, String file, Severity severity, Map<String, Object> data) {
        bus.publish(Event.of(type, YakataConstants.BUS_SOURCE).withSubject(file).withSeverity(severity).withData(data));
    }
}
