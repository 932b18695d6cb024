package dev.yakata.console.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.bus.api.LaneStatistics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class MetricsTextTest {

    private static Event command(String type, String id, Instant at) {
        return Event.builder(type, "door.1f.main-entrance").subject(id).time(at).build();
    }

    @Test
    public void theBusesAndTheCommandsFiguresAreLegalPrometheusText() {
        CommandLatencies latencies = new CommandLatencies();
        Instant t0 = Instant.parse("2026-12-02T10:00:00Z");
        latencies.onEvent(command("command.issued", "c1", t0));
        latencies.onEvent(command("command.completed", "c1", t0.plusMillis(40)));
        latencies.onEvent(command("command.issued", "c2", t0));
        latencies.onEvent(command("command.rejected", "c2", t0.plusMillis(3)));
        latencies.onEvent(command("command.issued", "c3", t0));
        latencies.onEvent(command("command.completed", "unknown", t0.plusSeconds(1))); // issued before a restart: ignored

        PrometheusText t = new PrometheusText();
        MetricsServlet.writeBus(t, List.of(
                new LaneStatistics("lane:control", 4096, 2, 120, 118, 0, 0, 3, 0),
                LaneStatistics.of("lane:telemetry", 16384, 7, 9000, 8990, 3, 0),
                LaneStatistics.of("listener:store \"main\"", 10000, 0, 10, 10, 0, 1)));
        latencies.write(t);
        String text = t.toString();
        ExpositionFormat f = ExpositionFormat.parse(text);

        assertEquals("counter", f.types.get("yakata_bus_events_accepted_total"));
        assertEquals(120, f.value("yakata_bus_events_accepted_total", Map.of("queue", "lane:control")), 0);
        assertEquals(3, f.value("yakata_bus_events_dropped_total", Map.of("queue", "lane:telemetry")), 0);
        assertEquals(7, f.value("yakata_bus_queue_depth", Map.of("queue", "lane:telemetry")), 0);
        assertEquals("a quote in a label value is escaped", 0,
                f.value("yakata_bus_queue_depth", Map.of("queue", "listener:store \\\"main\\\"")), 0);
        assertEquals(3, f.value("yakata_bus_control_overflowed_total", Map.of()), 0);

        assertEquals("histogram", f.types.get("yakata_command_duration_seconds"));
        assertEquals(1, f.value("yakata_command_duration_seconds_count", Map.of("outcome", "completed")), 0);
        assertEquals(0.04, f.value("yakata_command_duration_seconds_sum", Map.of("outcome", "completed")), 1e-9);
        assertEquals(0, f.value("yakata_command_duration_seconds_bucket", Map.of("outcome", "completed", "le", "0.025")), 0);
        assertEquals(1, f.value("yakata_command_duration_seconds_bucket", Map.of("outcome", "completed", "le", "0.05")), 0);
        assertEquals(1, f.value("yakata_command_duration_seconds_bucket", Map.of("outcome", "rejected", "le", "0.005")), 0);
        assertEquals("c3 is still waiting", 1, f.value("yakata_commands_pending", Map.of()), 0);
    }

    @Test
    public void illegalNamesAndLabelsFailWhenWrittenNotInTheScraper() {
        PrometheusText t = new PrometheusText();
        for (Runnable bad : List.<Runnable>of(
                () -> t.family("yakata-devices", "gauge", "x"),
                () -> t.sample("yakata_devices", 1, "1state", "x"),
                () -> t.sample("yakata_devices", 1, "__name", "x"),
                () -> t.sample("yakata_devices", 1, "state"))) {
            try {
                bad.run();
                throw new AssertionError("accepted");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("yakata"));
            }
        }
        t.family("yakata_x", "gauge", "a help with a \\ backslash\nand a line feed");
        try {
            t.family("yakata_x", "gauge", "again");
            throw new AssertionError("accepted twice");
        } catch (IllegalStateException expected) {
            // one HELP and TYPE per family
        }
        ExpositionFormat f = ExpositionFormat.parse(t.sample("yakata_x", 2.5).toString());
        assertEquals("a help with a \\\\ backslash\\nand a line feed", f.helps.get("yakata_x"));
        assertEquals(2.5, f.value("yakata_x", Map.of()), 0);
    }

    @Test
    public void theReaderRefusesWhatAScraperWouldRefuse() {
        for (String bad : new String[] {"yakata_x 1\n", "# HELP yakata_x h\n# TYPE yakata_x gauge\nyakata_x{a=\"b} 1\n",
                "# HELP yakata_x h\n# TYPE yakata_x gauge\nyakata_x one\n", "# HELP yakata_x h\n# TYPE yakata_x gauge\nyakata_x 1"}) {
            try {
                ExpositionFormat.parse(bad);
                throw new AssertionError("accepted " + bad);
            } catch (AssertionError | NumberFormatException expected) {
                if (expected.getMessage() != null && expected.getMessage().startsWith("accepted")) {
                    throw expected;
                }
            }
        }
    }

    @Test
    public void onlyLoopbackCallersAreAnswered() {
        assertTrue(MetricsServlet.loopback("127.0.0.1"));
        assertTrue(MetricsServlet.loopback("0:0:0:0:0:0:0:1"));
        assertTrue(!MetricsServlet.loopback("192.168.1.20"));
        assertTrue(!MetricsServlet.loopback(null));
    }
}
