package dev.yakata.cctv.internal;

import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.core.api.InHubActions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code snapshots} device's handler: listing and opening snapshots are its actions, so the hub's policy has
 * allowed each one before it gets here and the audit trail records it as a command (who, when, which snapshot). The
 * pictures stay in the snapshot folder; {@code open} gives the path, or a copy in the export folder under a plain file
 * name. Both read files, so they run on the bundle's own thread.
 */
final class SnapshotsDevice implements DeviceHandler {

    static final int MAX_ROWS = 1_000;
    private static final Pattern LAST = Pattern.compile("(\\d{1,5})([mhd])");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final Path root;
    private final Path exports;
    private final ZoneId zone;
    private final Clock clock;
    private final InHubActions actions;

    SnapshotsDevice(Path root, Path exports, ZoneId zone, Clock clock, Executor fileThread) {
        this.root = root;
        this.exports = exports.toAbsolutePath().normalize();
        this.zone = zone;
        this.clock = clock;
        this.actions = new InHubActions("the snapshot store", fileThread, IllegalArgumentException.class);
    }

    @Override
    public CompletionStage<CommandOutcome> execute(Command command) {
        return switch (command.action()) {
            case "list" -> actions.later(command, this::list);
            case "open" -> actions.later(command, this::open);
            default -> CompletableFuture.completedFuture(CommandOutcome.rejected(command, "the snapshots device has no "
                    + "action '" + command.action() + "'; see yakata:profile-list snapshots"));
        };
    }

    @Override
    public void close() {
        // the component owns the thread
    }

    /** One line of a day's index. */
    record Row(String id, Instant time, String door, String camera, String correlation, long bytes, String sha256,
            String file) {
        Map<String, Object> data() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("snapshot", id);
            m.put("time", time.toString());
            m.put("door", door);
            m.put("camera", camera);
            m.put("correlation", correlation);
            m.put("bytes", bytes);
            m.put("sha256", sha256);
            m.put("file", file);
            return m;
        }
    }

    private Map<String, Object> list(Command command) throws IOException {
        Duration last = last(optional(command, "last"));
        String door = optional(command, "door");
        Instant to = clock.instant();
        Instant from = to.minus(last);
        List<Row> rows = new ArrayList<>();
        for (LocalDate day = to.atZone(zone).toLocalDate(); !day.isBefore(from.atZone(zone).toLocalDate()); day = day.minusDays(1)) {
            for (Row row : rows(day)) {
                if (!row.time().isBefore(from) && (door.isEmpty() || door.equals(row.door()))) {
                    rows.add(row);
                }
            }
        }
        rows.sort((a, b) -> b.time().compareTo(a.time()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", from.toString());
        data.put("to", to.toString());
        data.put("count", (long) rows.size());
        if (rows.size() > MAX_ROWS) {
            data.put("note", "only the newest " + MAX_ROWS + " are shown; narrow --last or --door");
        }
        data.put("snapshots", rows.stream().limit(MAX_ROWS).map(Row::data).toList());
        return data;
    }

    private Map<String, Object> open(Command command) throws IOException {
        String id = optional(command, "snapshot");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("snapshot = \"" + id + "\" is not a snapshot id; take one from "
                    + "yakata:snapshot-list");
        }
        Row row = find(id);
        Path file = root.resolve(row.file());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("snapshot " + id + " is indexed but its file " + file + " is gone "
                    + "(removed by the retention or by hand)");
        }
        Map<String, Object> data = row.data();
        String export = optional(command, "export");
        if (export.isEmpty()) {
            data.put("path", file.toAbsolutePath().toString());
        } else {
            Path target = exportFile(export);
            Files.createDirectories(exports);
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            data.put("path", target.toString());
        }
        return data;
    }

    private Row find(String id) throws IOException {
        if (Files.isDirectory(root)) {
            List<Path> days;
            try (var list = Files.list(root)) {
                days = list.filter(p -> Files.isRegularFile(p.resolve(SnapshotTaker.SnapshotFolder.INDEX))).sorted().toList();
            }
            for (int i = days.size() - 1; i >= 0; i--) {
                LocalDate day;
                try {
                    day = LocalDate.parse(days.get(i).getFileName().toString());
                } catch (DateTimeParseException notADay) {
                    continue;
                }
                for (Row row : rows(day)) {
                    if (row.id().equals(id)) {
                        return row;
                    }
                }
            }
        }
        throw new IllegalArgumentException("no snapshot " + id + " (past the retention, or never taken); "
                + "see yakata:snapshot-list --last 7d");
    }

    /** The file in the export folder, as the store confines its exports: a plain name, never a path. */
    Path exportFile(String name) {
        if (name.contains("/") || name.contains("\\") || name.contains("..") || name.indexOf('\0') >= 0
                || Path.of(name).isAbsolute()) {
            throw new IllegalArgumentException("export = \"" + name + "\" is not a plain file name in the export folder "
                    + exports + ": give a name without path separators or .., such as door-forced-0930.jpg");
        }
        Path file = exports.resolve(name).normalize();
        if (!exports.equals(file.getParent())) {
            throw new IllegalArgumentException("export = \"" + name + "\" leaves the export folder " + exports);
        }
        return file;
    }

    private List<Row> rows(LocalDate day) throws IOException {
        Path index = root.resolve(day.toString()).resolve(SnapshotTaker.SnapshotFolder.INDEX);
        if (!Files.isRegularFile(index)) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length < 7) {
                continue; // a line cut by a crash
            }
            try {
                rows.add(new Row(f[0], Instant.parse(f[1]), f[2], f[3], f[4], Long.parseLong(f[5]), f[6],
                        day + "/" + f[0] + ".jpg"));
            } catch (RuntimeException cut) {
                // a line cut by a crash: the others still count
            }
        }
        return rows;
    }

    static Duration last(String text) {
        if (text.isEmpty()) {
            return Duration.ofDays(1);
        }
        Matcher m = LAST.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("last = \"" + text + "\" is not a period: write 30m, 12h, 1d or 7d");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero() || d.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("last = \"" + text + "\" must be between 1m and 3650d");
        }
        return d;
    }

    private static String optional(Command command, String name) {
        Object value = command.arguments().get(name);
        return value == null ? "" : String.valueOf(value).trim();
    }
}
