package dev.yakata.util.log;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.Test;
import org.slf4j.LoggerFactory;

public class RateLimitedLogTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(123 * SECOND);
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class),
            Duration.ofSeconds(10), clock::get);

    @Test
    public void theFirstOccurrenceOfAKeyIsLoggedWithNothingHeldBack() {
        assertEquals(0, log.permit("queue-full"));
    }

    @Test
    public void repeatsWithinTheIntervalAreHeldBackAndTheNextLineCountsThem() {
        log.permit("queue-full");
        clock.addAndGet(SECOND);
        assertEquals(-1, log.permit("queue-full"));
        assertEquals(-1, log.permit("queue-full"));
        clock.addAndGet(8 * SECOND);
        assertEquals(-1, log.permit("queue-full"));
        clock.addAndGet(SECOND); // exactly one interval after the first line
        assertEquals(3, log.permit("queue-full"));
        assertEquals(-1, log.permit("queue-full"));
        clock.addAndGet(10 * SECOND);
        assertEquals("the count starts again after each line", 1, log.permit("queue-full"));
    }

    @Test
    public void eachKeyHasItsOwnWindowSoOneNoisyDeviceDoesNotSilenceAnother() {
        log.permit("door-1/decode");
        assertEquals(-1, log.permit("door-1/decode"));
        assertEquals(0, log.permit("door-2/decode"));
        assertEquals(0, log.permit("door-1/send"));
    }

    @Test
    public void warnWritesTheMessageAndSaysHowManyLikeItWereHeldBack() {
        String out = capturingStderr(() -> {
            log.warn("door-1/decode", "Undecodable datagram from door-1");
            log.warn("door-1/decode", "Undecodable datagram from door-1");
            log.warn("door-1/decode", "Undecodable datagram from door-1");
            clock.addAndGet(10 * SECOND);
            log.warn("door-1/decode", "Undecodable datagram from door-1 again");
        });
        String[] lines = out.strip().split("\\R");
        assertEquals(out, 2, lines.length);
        assertTrue(lines[0], lines[0].contains("WARN") && lines[0].endsWith("Undecodable datagram from door-1"));
        assertTrue(lines[1], lines[1].endsWith("Undecodable datagram from door-1 again (2 more like it since the last report)"));
    }

    @Test
    public void pastTheKeyLimitItForgetsItsWindowsInsteadOfGrowing() {
        log.permit("noisy");
        assertEquals(-1, log.permit("noisy"));
        for (int i = 0; i < RateLimitedLog.MAX_KEYS; i++) {
            log.permit("peer-" + i);
        }
        assertEquals("a forgotten key starts afresh", 0, log.permit("noisy"));
    }

    @Test
    public void threadsRacingOnOneKeyGetExactlyOneLineAndEveryOtherOccurrenceIsCounted() throws Exception {
        int threads = 8;
        int each = 10_000;
        LongAdder permitted = new LongAdder();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    if (log.permit("listener-failed") >= 0) {
                        permitted.increment();
                    }
                }
            }, "yakata-util-test-" + t);
            workers[t].start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(1, permitted.sum());
        clock.addAndGet(10 * SECOND);
        assertEquals(threads * each - 1, log.permit("listener-failed"));
    }

    @Test
    public void aZeroIntervalIsRefusedWithTheReason() {
        try {
            new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class), Duration.ZERO);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("positive interval"));
            return;
        }
        fail("a zero interval was accepted");
    }

    private static String capturingStderr(Runnable body) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
