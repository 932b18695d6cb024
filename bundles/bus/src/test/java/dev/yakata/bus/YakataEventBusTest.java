package dev.yakata.bus;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.api.LaneStatistics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.After;
import org.junit.Test;

public class YakataEventBusTest {

    private YakataEventBus bus;
    private TestJournal journal;

    private YakataEventBus start(BusSettings settings) throws Exception {
        journal = TestJournal.open();
        bus = new YakataEventBus(journal);
        bus.start(settings);
        return bus;
    }

    @After
    public void stopBus() throws Exception {
        if (bus != null) {
            bus.stop();
        }
        if (journal != null) {
            journal.close();
        }
    }

    static Event point(int i) {
        return Event.of(EventTypes.POINT_CHANGED, "dev-1").withSubject("p" + i).withData(Map.of("value", i));
    }

    static LaneStatistics stats(YakataEventBus bus, String name) {
        return bus.statistics().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no statistics for " + name + " in " + bus.statistics()));
    }

    @Test
    public void contextIsNamedYakataAndRunsTheCanonicalLaneRoutes() throws Exception {
        start(BusSettings.defaults(null));
        CamelContext ctx = bus.camelContext();
        assertEquals("yakata", ctx.getName());
        assertEquals("4.14.1", ctx.getVersion());
        assertEquals(ServiceStatus.Started, ctx.getRouteController().getRouteStatus("yakata-telemetry-lane"));
        // control takes one hop, from its publisher to each listener's queue: no route, no thread in between
        assertNull(ctx.getRoute("yakata-control-lane"));
        Set<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .collect(Collectors.toSet());
        // one dispatcher drains telemetry and reads the journal for listeners catching up
        assertTrue(names.toString(), names.contains("yakata-bus-dispatcher"));
    }

    @Test
    public void pointChangedTakesTheTelemetryLaneAndEverythingElseTheControlLane() throws Exception {
        start(BusSettings.defaults(null));
        Recorder all = new Recorder();
        bus.addListener(all, Map.of(YakataEventBus.LISTENER_NAME, "all"));
        assertTrue(bus.publish(point(1)));
        assertTrue(bus.publish(point(2)));
        assertTrue(bus.publish(Event.of(EventTypes.DOOR_FORCED, "door-1")));
        for (int i = 0; i < 3; i++) {
            assertNotNull(all.next(2000));
        }
        RouteFileWatcherTest.await("listener counted", () -> stats(bus, "listener:all").delivered() == 3);
        assertEquals(2, stats(bus, "lane:telemetry").accepted());
        assertEquals(1, stats(bus, "lane:control").accepted());
        assertEquals(3, stats(bus, "listener:all").delivered());
    }

    @Test
    public void listenerTypeFilterTakesExactTypesAndPrefixes() throws Exception {
        start(BusSettings.defaults(null));
        Recorder doors = new Recorder();
        bus.addListener(doors, Map.of(EventListener.EVENT_TYPES, new String[] {"door.*", "alarm.raised"}));
        bus.publish(Event.of(EventTypes.ACCESS_GRANTED, "r"));
        bus.publish(Event.of(EventTypes.ALARM_CLEARED, "r"));
        bus.publish(Event.of(EventTypes.DOOR_FORCED, "r"));
        bus.publish(Event.of(EventTypes.ALARM_RAISED, "r"));
        assertEquals(EventTypes.DOOR_FORCED, doors.next(2000).event().type());
        assertEquals(EventTypes.ALARM_RAISED, doors.next(2000).event().type());
        assertEquals(null, doors.next(200));
    }

    @Test
    public void telemetryOverflowDropsAndCounts() throws Exception {
        start(BusSettings.defaults(null).withTelemetryLaneSize(10));
        Recorder recorder = new Recorder();
        bus.addListener(recorder, Map.of(YakataEventBus.LISTENER_NAME, "rec"));
        CountDownLatch gate = new CountDownLatch(1);
        bus.gateLanes(gate);
        int published = 50;
        int refused = 0;
        for (int i = 0; i < published; i++) {
            if (!bus.publish(point(i))) {
                refused++;
            }
        }
        LaneStatistics t = stats(bus, "lane:telemetry");
        assertTrue("at most 10 queued + 1 held, refused " + refused, refused >= published - 11);
        assertEquals(refused, t.dropped());
        assertEquals(published, t.accepted() + t.dropped());
        gate.countDown();
        for (int i = 0; i < published - refused; i++) {
            assertNotNull(recorder.next(2000));
        }
        assertEquals(0, stats(bus, "lane:control").dropped());
    }

    @Test
    public void controlBurstLargerThanAListenersQueueReachesItCompleteAndInOrderFromTheJournal() throws Exception {
        start(BusSettings.defaults(null));
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        Subscription rec = bus.addListener(e -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            recorder.onEvent(e);
        }, Map.of(YakataEventBus.LISTENER_NAME, "rec", EventListener.EVENT_TYPES, "door.*",
                EventListener.QUEUE_SIZE, 16));
        int burst = 1000;
        for (int i = 0; i < burst; i++) {
            assertTrue("control event " + i + " refused", bus.publish(Event.of(EventTypes.DOOR_FORCED, "door-1")
                    .withSubject("e" + i)));
        }
        LaneStatistics during = stats(bus, "listener:rec");
        // 16 queued and at most one in the listener's hands; the rest wait in the journal
        assertTrue(during.toString(), during.overflowed() >= burst - 17);
        assertEquals(0, during.dropped());
        assertEquals(burst, stats(bus, "lane:control").accepted());
        assertEquals(during.overflowed(), stats(bus, "lane:control").overflowed());
        assertEquals(burst, journal.records().size());
        release.countDown();
        for (int i = 0; i < burst; i++) {
            Recorder.Received r = recorder.next(5000);
            assertNotNull("event " + i + " of the burst never arrived", r);
            assertEquals("in order", "e" + i, r.event().subject());
            assertEquals(i + 1, r.event().sequence());
        }
        // caught up: the next event is handed over live again and arrives at once
        RouteFileWatcherTest.await("delivered", () -> stats(bus, "listener:rec").delivered() == burst);
        RouteFileWatcherTest.await("caught up", () -> !rec.isBehind());
        long overflowed = stats(bus, "listener:rec").overflowed();
        assertTrue(bus.publish(Event.of(EventTypes.DOOR_FORCED, "door-1").withSubject("after")));
        assertEquals("after", recorder.next(2000).event().subject());
        LaneStatistics after = stats(bus, "listener:rec");
        assertEquals(overflowed, after.overflowed());
        assertEquals(0, after.dropped());
        assertEquals(burst + 1, after.accepted());
        assertEquals(0, stats(bus, "lane:control").dropped());
        assertNull("nothing twice", recorder.next(100));
    }

    @Test
    public void publishOfControlNeverBlocksWhileAListenerIsStuckAndTheOthersGetEverything() throws Exception {
        start(BusSettings.defaults(null));
        CountDownLatch release = new CountDownLatch(1);
        bus.addListener(e -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }, Map.of(YakataEventBus.LISTENER_NAME, "stuck", EventListener.QUEUE_SIZE, 4));
        AtomicInteger fast = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        bus.addListener(e -> {
            if (e.sequence() != fast.incrementAndGet()) {
                outOfOrder.incrementAndGet();
            }
        }, Map.of(YakataEventBus.LISTENER_NAME, "fast", EventListener.QUEUE_SIZE, 50_000));
        int n = 20_000;
        try {
            // A blocking hand-off (the old lane waited a second per event once full) would take hours here. The
            // bound is liveness, not speed: a slow machine finishes in well under a second, so it never fails on
            // timing.
            ExecutorService publisher = Executors.newSingleThreadExecutor();
            Future<?> publishing = publisher.submit(() -> {
                for (int i = 0; i < n; i++) {
                    assertTrue("control event " + i + " refused", bus.publish(Event.of(EventTypes.ACCESS_DENIED,
                            "reader-1")));
                }
                return null;
            });
            try {
                publishing.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AssertionError refused) {
                    throw refused;
                }
                throw e;
            } catch (TimeoutException e) {
                fail("20,000 control publishes did not return within 60 s while a listener was stuck: publish blocks");
            } finally {
                publisher.shutdownNow();
            }
            RouteFileWatcherTest.await("the fast listener has all", () -> fast.get() == n);
            assertEquals(0, outOfOrder.get());
            LaneStatistics control = stats(bus, "lane:control");
            assertEquals(n, control.accepted());
            assertEquals(0, control.dropped());
            LaneStatistics stuck = stats(bus, "listener:stuck");
            assertTrue(stuck.toString(), stuck.overflowed() >= n - 5);
            assertEquals("behind, not lost", 0, stuck.dropped());
            assertEquals(0, stats(bus, "listener:fast").overflowed());
        } finally {
            release.countDown();
        }
    }

    @Test
    public void controlDoesNotPassTheDispatcherAndTelemetryDropsAreCountedApart() throws Exception {
        start(BusSettings.defaults(null).withTelemetryLaneSize(4));
        Recorder recorder = new Recorder();
        bus.addListener(recorder, Map.of(YakataEventBus.LISTENER_NAME, "rec", EventListener.EVENT_TYPES, "camera.*"));
        CountDownLatch gate = new CountDownLatch(1);
        bus.gateLanes(gate);
        try {
            int refusedTelemetry = 0;
            for (int i = 0; i < 20; i++) {
                if (!bus.publish(point(i))) {
                    refusedTelemetry++;
                }
                assertTrue(bus.publish(Event.of(EventTypes.CAMERA_MOTION, "cam-1").withSubject("m" + i)));
            }
            // the dispatcher is held, and control arrives all the same: its publisher handed it over
            for (int i = 0; i < 20; i++) {
                assertEquals("m" + i, recorder.next(2000).event().subject());
            }
            LaneStatistics telemetry = stats(bus, "lane:telemetry");
            LaneStatistics control = stats(bus, "lane:control");
            assertEquals(16, refusedTelemetry);
            assertEquals(16, telemetry.dropped());
            assertEquals(4, telemetry.accepted());
            assertEquals(0, control.dropped());
            assertEquals(20, control.accepted());
            assertEquals(0, control.overflowed());
        } finally {
            gate.countDown();
        }
    }

    @Test
    public void everyListenerGetsControlInJournalOrderUnderConcurrentPublishersWhileFallingBehind()
            throws Exception {
        start(BusSettings.defaults(null));
        // a slow listener with a tiny queue that also takes telemetry (so a flood competes for its room), and a
        // fast one: both must see exactly the journal's control events, in the journal's order
        List<Event> slow = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        bus.addListener(e -> {
            if (EventTypes.POINT_CHANGED.equals(e.type())) {
                return;
            }
            slow.add(e);
            if (slow.size() % 50 == 0) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }, Map.of(YakataEventBus.LISTENER_NAME, "slow", EventListener.QUEUE_SIZE, 8));
        List<Event> fast = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        bus.addListener(fast::add, Map.of(YakataEventBus.LISTENER_NAME, "fast", EventListener.EVENT_TYPES,
                new String[] {"door.*", "access.*"}, EventListener.QUEUE_SIZE, 100_000));
        int threads = 4;
        int each = 2_000;
        java.util.concurrent.atomic.AtomicBoolean flooding = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread flood = new Thread(() -> {
            for (int i = 0; flooding.get(); i++) {
                bus.publish(point(i));
            }
        }, "test-flood");
        flood.start();
        List<Thread> publishers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            publishers.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    bus.publish(Event.of(i % 2 == 0 ? EventTypes.DOOR_FORCED : EventTypes.ACCESS_GRANTED,
                            "src-" + id).withSubject(id + ":" + i));
                }
            }, "test-publisher-" + t));
        }
        publishers.forEach(Thread::start);
        for (Thread t : publishers) {
            t.join();
        }
        flooding.set(false);
        flood.join();
        int total = threads * each;
        RouteFileWatcherTest.await("the slow listener has all", () -> slow.size() >= total);
        RouteFileWatcherTest.await("the fast listener has all", () -> fast.size() >= total);
        List<String> journalOrder = journal.records().stream().map(Event::subject).toList();
        assertEquals(total, journalOrder.size());
        assertEquals("the slow listener: journal order, nothing lost, nothing twice", journalOrder,
                slow.stream().map(Event::subject).toList());
        assertEquals("the fast listener: journal order", journalOrder, fast.stream().map(Event::subject).toList());
        Thread.sleep(100);
        assertEquals("nothing twice", total, slow.size());
        LaneStatistics s = stats(bus, "listener:slow");
        assertTrue("the slow listener fell behind at least once: " + s, s.overflowed() > 0);
        assertEquals(0, stats(bus, "listener:fast").overflowed());
        assertEquals(0, stats(bus, "lane:control").dropped());
    }

    @Test
    public void aControlEventTheJournalCouldNotRecordIsLostOnlyForAListenerThatIsBehind() throws Exception {
        start(BusSettings.defaults(null));
        CountDownLatch release = new CountDownLatch(1);
        Recorder behind = new Recorder();
        bus.addListener(e -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            behind.onEvent(e);
        }, Map.of(YakataEventBus.LISTENER_NAME, "behind", EventListener.QUEUE_SIZE, 2));
        Recorder live = new Recorder();
        bus.addListener(live, Map.of(YakataEventBus.LISTENER_NAME, "live"));
        for (int i = 0; i < 5; i++) {
            assertTrue(bus.publish(Event.of(EventTypes.DOOR_FORCED, "door-1").withSubject("j" + i)));
        }
        journal.failAppends = true;
        assertFalse(bus.publish(Event.of(EventTypes.DOOR_FORCED, "door-1").withSubject("unrecorded")));
        journal.failAppends = false;
        assertTrue(bus.publish(Event.of(EventTypes.DOOR_FORCED, "door-1").withSubject("j5")));
        for (String expected : List.of("j0", "j1", "j2", "j3", "j4", "unrecorded", "j5")) {
            assertEquals(expected, live.next(2000).event().subject());
        }
        release.countDown();
        for (String expected : List.of("j0", "j1", "j2", "j3", "j4", "j5")) {
            assertEquals(expected, behind.next(5000).event().subject());
        }
        assertNull(behind.next(100));
        assertEquals(1, stats(bus, "listener:behind").dropped());
        assertEquals(0, stats(bus, "listener:live").dropped());
        LaneStatistics control = stats(bus, "lane:control");
        assertEquals(1, control.unjournaled());
        assertEquals(1, control.dropped());
    }

    @Test
    public void sequenceNumbersPerSourceAreOneToN() throws Exception {
        start(BusSettings.defaults(null));
        Recorder recorder = new Recorder();
        bus.addListener(recorder, Map.of(YakataEventBus.LISTENER_NAME, "rec", EventListener.EVENT_TYPES,
                new String[] {"door.*", "access.*"}));
        int threads = 4;
        int each = 500;
        List<Thread> publishers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            publishers.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    bus.publish(Event.of(EventTypes.DOOR_FORCED, "door-a").withSubject(id + ":" + i));
                    bus.publish(Event.of(EventTypes.ACCESS_GRANTED, "reader-" + id));
                    bus.publish(point(i));
                }
            }, "test-publisher-" + t));
        }
        publishers.forEach(Thread::start);
        for (Thread t : publishers) {
            t.join();
        }
        // an event that comes numbered keeps its number
        assertTrue(bus.publish(Event.of(EventTypes.ACCESS_GRANTED, "reader-x").withSequence(77)));
        Map<String, Long> last = new java.util.HashMap<>();
        int[] lastOfThread = new int[threads];
        java.util.Arrays.fill(lastOfThread, -1);
        for (int i = 0; i < threads * each * 2 + 1; i++) {
            Recorder.Received r = recorder.next(5000);
            assertNotNull("event " + i + " missing", r);
            Event e = r.event();
            long expected = e.source().equals("reader-x") ? 77 : last.getOrDefault(e.source(), 0L) + 1;
            assertEquals("sequence of " + e.source(), expected, e.sequence());
            last.put(e.source(), e.sequence());
            if (e.source().equals("door-a")) {
                String[] parts = e.subject().split(":");
                int thread = Integer.parseInt(parts[0]);
                int n = Integer.parseInt(parts[1]);
                assertEquals("publication order per thread", lastOfThread[thread] + 1, n);
                lastOfThread[thread] = n;
            }
        }
        assertEquals(Long.valueOf(threads * each), last.get("door-a"));
        for (int t = 0; t < threads; t++) {
            assertEquals(Long.valueOf(each), last.get("reader-" + t));
        }
        // the journal holds the numbered events
        assertEquals(threads * each * 2L, journal.records().stream().filter(e -> !e.source().equals("reader-x"))
                .filter(e -> e.sequence() > 0).count());
    }

    @Test
    public void diskFailureOfTheJournalIsCountedAndTheEventStillDeliveredLive() throws Exception {
        start(BusSettings.defaults(null));
        Recorder recorder = new Recorder();
        bus.addListener(recorder, Map.of(YakataEventBus.LISTENER_NAME, "rec"));
        journal.failAppends = true;
        assertFalse("a control event the journal could not record is reported", bus.publish(
                Event.of(EventTypes.DOOR_FORCED, "door-1").withSubject("unrecorded")));
        assertEquals("unrecorded", recorder.next(2000).event().subject());
        journal.failAppends = false;
        assertTrue(bus.publish(Event.of(EventTypes.DOOR_FORCED, "door-1").withSubject("recorded")));
        assertEquals("recorded", recorder.next(2000).event().subject());
        LaneStatistics control = stats(bus, "lane:control");
        assertEquals(1, control.unjournaled());
        assertEquals(0, control.dropped());
        assertEquals(2, control.accepted());
        assertEquals(1, journal.records().size());
    }

    @Test
    public void blockedListenerDoesNotDelayControlLane() throws Exception {
        start(BusSettings.defaults(null));
        CountDownLatch release = new CountDownLatch(1);
        EventListener stuck = e -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        };
        // one stuck telemetry consumer and one stuck control consumer
        bus.addListener(stuck, Map.of(YakataEventBus.LISTENER_NAME, "stuck-telemetry",
                EventListener.EVENT_TYPES, EventTypes.POINT_CHANGED, EventListener.QUEUE_SIZE, 100));
        bus.addListener(stuck, Map.of(YakataEventBus.LISTENER_NAME, "stuck-control",
                EventListener.EVENT_TYPES, "door.*", EventListener.QUEUE_SIZE, 100));
        Recorder alarms = new Recorder();
        bus.addListener(alarms, Map.of(EventListener.EVENT_TYPES, "door.*"));
        try {
            Thread flood = new Thread(() -> {
                for (int i = 0; i < 200_000; i++) {
                    bus.publish(point(i));
                }
            }, "test-flood");
            flood.start();
            long worstMillis = 0;
            for (int i = 0; i < 10; i++) {
                long t0 = System.nanoTime();
                assertTrue(bus.publish(Event.of(EventTypes.DOOR_FORCED, "door-" + i)));
                Recorder.Received r = alarms.next(4000);
                assertNotNull("door event " + i + " never arrived", r);
                worstMillis = Math.max(worstMillis, TimeUnit.NANOSECONDS.toMillis(r.atNanos() - t0));
                Thread.sleep(20);
            }
            flood.join();
            // serialized delivery would wait the stuck listeners' 5 s at least once
            assertTrue("worst control latency " + worstMillis + " ms", worstMillis < 1000);
            assertTrue(stats(bus, "listener:stuck-telemetry").dropped() > 0);
            assertEquals(0, stats(bus, "lane:control").dropped());
        } finally {
            release.countDown();
        }
    }

    @Test
    public void listenerExceptionIsCountedAndDeliveryContinues() throws Exception {
        start(BusSettings.defaults(null));
        AtomicInteger calls = new AtomicInteger();
        Recorder after = new Recorder();
        bus.addListener(e -> {
            calls.incrementAndGet();
            if (e.subject().equals("bad")) {
                throw new IllegalStateException("listener bug");
            }
            after.onEvent(e);
        }, Map.of(YakataEventBus.LISTENER_NAME, "flaky"));
        bus.publish(Event.of(EventTypes.DOOR_FORCED, "d").withSubject("bad"));
        bus.publish(Event.of(EventTypes.DOOR_FORCED, "d").withSubject("good"));
        assertEquals("good", after.next(2000).event().subject());
        // the counter moves just after onEvent returns
        RouteFileWatcherTest.await("delivered count", () -> stats(bus, "listener:flaky").delivered() == 1);
        LaneStatistics s = stats(bus, "listener:flaky");
        assertEquals(1, s.failed());
        assertEquals(1, s.delivered());
        assertEquals(2, calls.get());
    }

    @Test
    public void fullListenerQueueDropsTelemetryForThatListenerOnlyAndPutsItsControlBehind() throws Exception {
        start(BusSettings.defaults(null));
        CountDownLatch release = new CountDownLatch(1);
        bus.addListener(e -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }, Map.of(YakataEventBus.LISTENER_NAME, "slow", EventListener.QUEUE_SIZE, 2));
        Recorder fast = new Recorder();
        bus.addListener(fast, Map.of(YakataEventBus.LISTENER_NAME, "fast"));
        try {
            for (int i = 0; i < 20; i++) {
                assertTrue(bus.publish(Event.of(EventTypes.CAMERA_MOTION, "cam")));
            }
            for (int i = 0; i < 20; i++) {
                assertTrue(bus.publish(point(i)));
                Thread.sleep(1); // a few telemetry batches, so the slow listener's queue is offered more than once
            }
            for (int i = 0; i < 40; i++) {
                assertNotNull(fast.next(2000));
            }
            RouteFileWatcherTest.await("fast delivered", () -> stats(bus, "listener:fast").delivered() == 40);
            assertEquals(0, stats(bus, "listener:fast").dropped());
            LaneStatistics slow = stats(bus, "listener:slow");
            assertEquals(2, slow.capacity());
            assertTrue(slow.toString(), slow.overflowed() >= 17);
            assertEquals("telemetry only: control waits in the journal", 20, slow.dropped());
        } finally {
            release.countDown();
        }
    }

    @Test
    public void removedListenerStillReceivesWhatWasQueuedForIt() throws Exception {
        start(BusSettings.defaults(null));
        CountDownLatch release = new CountDownLatch(1);
        List<Event> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        Subscription s = bus.addListener(e -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            got.add(e);
        }, Map.of(YakataEventBus.LISTENER_NAME, "bridge"));
        for (int i = 0; i < 50; i++) {
            assertTrue(bus.publish(Event.of(EventTypes.CAMERA_MOTION, "cam-" + i)));
        }
        RouteFileWatcherTest.await("all queued", () -> stats(bus, "listener:bridge").accepted() == 50);
        release.countDown();
        bus.removeListener(s);
        assertEquals(50, got.size());
        for (int i = 0; i < 50; i++) {
            assertEquals("cam-" + i, got.get(i).source());
        }
        assertEquals(0, s.statistics().dropped());
    }

    @Test
    public void removingAListenerStopsItsThread() throws Exception {
        start(BusSettings.defaults(null));
        Subscription s = bus.addListener(new Recorder(), Map.of(YakataEventBus.LISTENER_NAME, "gone"));
        String thread = s.threadName();
        assertTrue(thread.startsWith("yakata-bus-listener-"));
        assertTrue(threadAlive(thread));
        bus.removeListener(s);
        assertFalse(threadAlive(thread));
        assertTrue(bus.statistics().stream().noneMatch(st -> st.name().equals("listener:gone")));
        bus.removeListener(s); // a second unbind is harmless
    }

    @Test
    public void stopLeavesNoBusThreads() throws Exception {
        start(BusSettings.defaults(null));
        bus.addListener(new Recorder(), Map.of());
        bus.publish(Event.of(EventTypes.DOOR_FORCED, "d"));
        bus.stop();
        Thread.sleep(100);
        Set<String> left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("yakata-bus-") || n.startsWith("Camel")).collect(Collectors.toSet());
        assertTrue("left: " + left, left.isEmpty());
        assertFalse(bus.publish(Event.of(EventTypes.DOOR_FORCED, "d")));
        bus.removeListener(null); // DS unbind after deactivate
    }

    static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
