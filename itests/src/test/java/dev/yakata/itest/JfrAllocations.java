package dev.yakata.itest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a hub's garbage comes from, from a JFR recording (the {@code profile} settings sample allocations): the
 * sampled weight per thread, per the first frame in Yakata's own code (or the top frame when there is none), and the
 * collector's pauses, over the part of the recording after {@code skip} seconds (the boot). A bench tool, not product
 * code. Run it as a single source file:
 * {@code java itests/src/test/java/dev/yakata/itest/JfrAllocations.java hub.jfr [skip-seconds] [swipes-per-second]}.
 * Record the hub only: {@code EXTRA_JAVA_OPTS} also reaches each {@code bin/client} the bench runs, and a recording
 * option there makes every client write the same file (seen 2026-12-02: the file held a client's 0.2 s).
 */
public final class JfrAllocations {

    private JfrAllocations() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long skip = args.length > 1 ? Long.parseLong(args[1]) : 60;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 0;
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> bySite = new HashMap<>();
        List<Double> pauses = new ArrayList<>();
        Instant first = null;
        Instant from = null;
        Instant last = null;
        long total = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                Instant time = event.getStartTime();
                if (first == null) {
                    first = time;
                    from = first.plusSeconds(skip);
                }
                if (time.isBefore(from)) {
                    continue;
                }
                last = last == null || time.isAfter(last) ? time : last;
                switch (event.getEventType().getName()) {
                    case "jdk.ObjectAllocationSample" -> {
                        long weight = event.getLong("weight");
                        total += weight;
                        String thread = event.getThread("eventThread") == null ? "?"
                                : event.getThread("eventThread").getJavaName();
                        byThread.merge(thread.replaceAll("-\\d+$", "-N"), weight, Long::sum);
                        bySite.merge(site(event.getStackTrace()), weight, Long::sum);
                    }
                    case "jdk.GarbageCollection" -> pauses.add(event.getDuration("longestPause").toNanos() / 1e6);
                    default -> { }
                }
            }
        }
        double seconds = last == null ? 0 : Duration.between(from, last).toMillis() / 1000.0;
        System.out.printf("%s: %.1f s after the first %d s; %.1f MB sampled, %.1f MB/s%s%n", file, seconds, skip,
                total / 1e6, total / 1e6 / seconds, rate > 0 ? String.format(", %.0f KB per swipe at %.0f/s",
                        total / 1e3 / seconds / rate, rate) : "");
        print("by thread", byThread, total, 15);
        print("by site (first Yakata frame)", bySite, total, 25);
        pauses.sort(null);
        if (!pauses.isEmpty()) {
            System.out.printf("collections: %d, one every %.2f s; longest pause median %.2f ms, p90 %.2f ms, max %.2f ms%n",
                    pauses.size(), seconds / pauses.size(), pauses.get(pauses.size() / 2),
                    pauses.get((int) Math.ceil(0.9 * pauses.size()) - 1), pauses.get(pauses.size() - 1));
        }
    }

    private static String site(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "?";
        }
        for (RecordedFrame frame : stack.getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("dev.yakata.")) {
                return type + "." + frame.getMethod().getName() + ":" + frame.getLineNumber();
            }
        }
        RecordedFrame top = stack.getFrames().get(0);
        return "(no Yakata frame) " + top.getMethod().getType().getName() + "." + top.getMethod().getName();
    }

    private static void print(String title, Map<String, Long> weights, long total, int limit) {
        System.out.println(title + ":");
        weights.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(e -> System.out.printf("  %5.1f %%  %8.1f MB  %s%n", 100.0 * e.getValue() / total,
                        e.getValue() / 1e6, e.getKey()));
    }
}
