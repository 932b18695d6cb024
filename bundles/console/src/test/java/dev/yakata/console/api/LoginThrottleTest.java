package dev.yakata.console.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class LoginThrottleTest {

    private final Instant t0 = Instant.parse("2026-12-02T09:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(5), Duration.ofMinutes(5));

    @Test
    public void theFifthFailureWithinTheWindowLocksTheUserForFiveMinutes() {
        for (int i = 0; i < 4; i++) {
            assertFalse(throttle.failed("operator", "10.0.0." + i, t0.plusSeconds(i)));
        }
        assertEquals(0, throttle.lockedSeconds("operator", "10.0.0.9", t0.plusSeconds(4)));
        assertTrue(throttle.failed("operator", "10.0.0.5", t0.plusSeconds(4)));
        assertEquals(300, throttle.lockedSeconds("operator", "10.0.0.9", t0.plusSeconds(5)));
        assertEquals(0, throttle.lockedSeconds("viewer", "10.0.0.9", t0.plusSeconds(5)));
        assertEquals(0, throttle.lockedSeconds("operator", "10.0.0.9", t0.plusSeconds(305)));
    }

    @Test
    public void fiveFailuresFromOneAddressLockThatAddressForEveryUser() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("user" + i, "192.0.2.7", t0);
        }
        assertTrue(throttle.lockedSeconds("admin", "192.0.2.7", t0.plusSeconds(1)) > 0);
        assertEquals(0, throttle.lockedSeconds("admin", "192.0.2.8", t0.plusSeconds(1)));
    }

    @Test
    public void failuresOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("manager", "a", t0);
        }
        assertFalse(throttle.failed("manager", "b", t0.plus(Duration.ofMinutes(6))));
    }

    @Test
    public void csvHasABomAndNeutralisesFormulas() {
        String csv = ConsoleApiServlet.csvText(List.of("room", "person"),
                List.of(Map.of("room", "records", "person", "=HYPERLINK(\"x\")"), Map.of("room", "a,b", "person", "山田")));
        assertTrue(csv.startsWith("\uFEFFroom,person\r\n"));
        assertTrue(csv, csv.contains("records,\"'=HYPERLINK(\"\"x\"\")\"\r\n"));
        assertTrue(csv, csv.contains("\"a,b\",山田\r\n"));
    }
}
