package dev.yakata.journal.internal;

import static org.junit.Assert.assertEquals;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import dev.yakata.journal.api.JournalEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Events for the journal's tests: each one depends only on its number, so a reader can check what it got. */
final class TestEvents {

    /** Small segments so a few dozen records span several files; quick syncs so tests need not wait. */
    static final JournalSettings SMALL = new JournalSettings(2048, 1 << 20, 10, 10, 8192);

    private TestEvents() {
    }

    /** A control event like the bus journals: a swipe, numbered {@code n}, of a length that varies with n. */
    static Event numbered(long n) {
        return Event.builder("card.swiped", "door.2f.server-room")
                .id("event-" + n)
                .time(Instant.ofEpochSecond(1_800_000_000L + n, n % 1000 * 1_000_000))
                .subject("reader-in")
                .zone("L3")
                .severity(Severity.values()[(int) (n % 4)])
                .put("reader", "in")
                .put("direction", n % 2 == 0 ? "entry" : "exit")
                .put("card", "p-" + Long.toHexString(n * 2654435761L))
                .put("n", n)
                .put("pad", "x".repeat((int) (n % 37)))
                .sequence(n)
                .correlationId("swipe-" + n)
                .actor("card:p-" + n)
                .build();
    }

    /** An event that sets every field, with data of every kind the Event contract names, nested. */
    static Event everyField() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("inner", List.of("a", 1, 2.5));
        nested.put("none", null);
        nested.put("deeper", Map.of("flag", false));
        List<Object> mixed = new ArrayList<>(Arrays.asList("text", 42, 7_000_000_000L, -1.25, true, null,
                List.of(), Map.of()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("string", "ドア 2F サーバー室"); // not ASCII
        data.put("empty", "");
        data.put("int", Integer.MIN_VALUE);
        data.put("long", Long.MAX_VALUE);
        data.put("double", Math.PI);
        data.put("float", 1.5f);
        data.put("short", (short) -12);
        data.put("byte", (byte) 7);
        data.put("bigInteger", new BigInteger("123456789012345678901234567890"));
        data.put("bigDecimal", new BigDecimal("-0.000123456789"));
        data.put("true", true);
        data.put("false", false);
        data.put("null", null);
        data.put("list", mixed);
        data.put("map", nested);
        data.put("long string", "y".repeat(300));
        return Event.builder("access.denied", "door.3f.records-room")
                .id("3f1c9a52-7d0e")
                .time(Instant.parse("2026-12-01T20:15:30.123456789Z"))
                .subject("reader-out")
                .zone("L3")
                .severity(Severity.CRITICAL)
                .data(data)
                .sequence(987_654_321L)
                .correlationId("command-77")
                .actor("yakata-operator:suzuki")
                .deviceTime(Instant.parse("2026-12-01T20:14:59.5Z"))
                .build();
    }

    static void assertEntry(long position, JournalEntry entry) {
        assertEquals(position, entry.position());
        assertEquals("event at " + position, numbered(position), entry.event());
    }

    /** Waits up to {@code millis} for a condition that a background thread makes true. */
    static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + millis + " ms: " + what);
            }
            Thread.sleep(2);
        }
    }

    /**
     * Copies what the journal logs (slf4j-simple writes to System.err, looked up at each message) while open; the
     * text still reaches the real stream.
     */
    static final class LogCapture implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        LogCapture() {
            System.setErr(new PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    original.write(b);
                    synchronized (copy) {
                        copy.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    original.write(b, off, len);
                    synchronized (copy) {
                        copy.write(b, off, len);
                    }
                }
            }, true, StandardCharsets.UTF_8));
        }

        String text() {
            synchronized (copy) {
                return copy.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() {
            System.setErr(original);
        }
    }
}
