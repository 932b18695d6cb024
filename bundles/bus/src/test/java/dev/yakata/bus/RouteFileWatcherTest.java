package dev.yakata.bus;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.camel.YakataConstants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.camel.ServiceStatus;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RouteFileWatcherTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private YakataEventBus bus;
    private TestJournal journal;
    private Path dir;
    private final Recorder routeEvents = new Recorder();
    private final Recorder alarms = new Recorder();

    /** door.forced → alarm.raised carrying a marker, so the test can see which version of the file runs. */
    static String alarmRoute(String id, String marker) {
        return """
                - route:
                    id: %s
                    from:
                      uri: yakata:events
                      parameters:
                        types: door.forced
                      steps:
                        - setBody:
                            constant: "%s"
                        - to: yakata:publish?type=alarm.raised
                """.formatted(id, marker);
    }

    @Before
    public void startBus() throws Exception {
        dir = tmp.getRoot().toPath().resolve("routes"); // does not exist yet: the bus creates it
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("first.yaml"), alarmRoute("first", "v1"));
        journal = TestJournal.open();
        bus = new YakataEventBus(journal);
        bus.addListener(routeEvents, Map.of(EventListener.EVENT_TYPES, "route.*"));
        bus.addListener(alarms, Map.of(EventListener.EVENT_TYPES, EventTypes.ALARM_RAISED));
        bus.start(BusSettings.defaults(dir).withRoutesPollMillis(100).withMaxRouteFileBytes(4096));
    }

    @After
    public void stopBus() throws Exception {
        bus.stop();
        journal.close();
    }

    private List<Object> raiseAndCollectMarkers(int expected) throws InterruptedException {
        bus.publish(Event.of(EventTypes.DOOR_FORCED, "door-1"));
        List<Object> markers = new java.util.ArrayList<>();
        for (int i = 0; i < expected; i++) {
            Recorder.Received r = alarms.next(2000);
            assertNotNull("alarm " + i + " of " + expected, r);
            markers.add(r.event().data().get("body"));
        }
        assertNull(alarms.next(150));
        markers.sort(null);
        return markers;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    public void yamlFileLoadsAtStartReloadsOnChangeAndIsRemovedOnDelete() throws Exception {
        Event loaded = routeEvents.nextOfType(EventTypes.ROUTE_LOADED, 2000);
        assertNotNull(loaded);
        assertEquals("first.yaml", loaded.subject());
        assertEquals("bus", loaded.source());
        assertEquals(List.of("first"), loaded.data().get("routes"));
        assertEquals(List.of("v1"), raiseAndCollectMarkers(1));

        Files.writeString(dir.resolve("second.yaml"), alarmRoute("second", "s1"));
        assertEquals("second.yaml", routeEvents.nextOfType(EventTypes.ROUTE_LOADED, 3000).subject());
        Files.writeString(dir.resolve("first.yaml"), alarmRoute("first", "v2"));
        Event reloaded = routeEvents.nextOfType(EventTypes.ROUTE_LOADED, 3000);
        assertEquals("first.yaml", reloaded.subject());
        assertEquals(List.of("s1", "v2"), raiseAndCollectMarkers(2));

        Files.delete(dir.resolve("first.yaml"));
        Event removed = routeEvents.nextOfType(EventTypes.ROUTE_REMOVED, 3000);
        assertEquals("first.yaml", removed.subject());
        assertEquals(List.of("first"), removed.data().get("routes"));
        assertNull(bus.camelContext().getRoute("first"));
        assertEquals(List.of("s1"), raiseAndCollectMarkers(1));
    }

    @Test
    public void brokenYamlReportsFileLineAndColumnAndOtherRoutesKeepRunning() throws Exception {
        assertNotNull(routeEvents.nextOfType(EventTypes.ROUTE_LOADED, 2000));
        Files.writeString(dir.resolve("broken.yaml"), """
                - route:
                    id: broken
                    from:
                      uri: timer:tick
                      steps:
                        - log: "unterminated
                    - to: log:x
                """);
        Event failed = routeEvents.nextOfType(EventTypes.ROUTE_FAILED, 3000);
        assertNotNull(failed);
        assertEquals("broken.yaml", failed.subject());
        assertEquals("broken.yaml", failed.data().get("file"));
        assertNotNull("line in " + failed.data(), failed.data().get("line"));
        assertNotNull("column in " + failed.data(), failed.data().get("column"));
        assertNotNull(failed.data().get("error"));
        assertEquals(ServiceStatus.Started, bus.camelContext().getRouteController().getRouteStatus("first"));
        assertEquals(List.of("v1"), raiseAndCollectMarkers(1));
    }

    @Test
    public void brokenEditOfAWorkingFileKeepsItsPreviousVersionRunning() throws Exception {
        assertNotNull(routeEvents.nextOfType(EventTypes.ROUTE_LOADED, 2000));
        Files.writeString(dir.resolve("first.yaml"), alarmRoute("first", "v2").replace("steps:", "steps: [oops"));
        Event failed = routeEvents.nextOfType(EventTypes.ROUTE_FAILED, 3000);
        assertNotNull(failed);
        assertEquals("first.yaml", failed.subject());
        assertEquals(List.of("first"), failed.data().get("running"));
        assertEquals("the last good version answers", List.of("v1"), raiseAndCollectMarkers(1));

        Files.writeString(dir.resolve("first.yaml"), alarmRoute("first", "v3"));
        assertEquals("first.yaml", routeEvents.nextOfType(EventTypes.ROUTE_LOADED, 3000).subject());
        assertEquals(List.of("v3"), raiseAndCollectMarkers(1));
    }

    @Test
    public void unknownDslStepReportsItsLine() throws Exception {
        assertNotNull(routeEvents.nextOfType(EventTypes.ROUTE_LOADED, 2000));
        Files.writeString(dir.resolve("baddsl.yaml"), """
                - route:
                    id: baddsl
                    from:
                      uri: timer:tick
                      steps:
                        - log: fine
                        - frobnicate: now
                """);
        Event failed = routeEvents.nextOfType(EventTypes.ROUTE_FAILED, 3000);
        assertNotNull(failed);
        assertEquals("baddsl.yaml", failed.subject());
        assertNotNull("line in " + failed.data(), failed.data().get("line"));
        assertNull(bus.camelContext().getRoute("baddsl"));
        assertEquals(ServiceStatus.Started, bus.camelContext().getRouteController().getRouteStatus("first"));
    }

    @Test
    public void unknownEndpointFailsOnlyItsOwnFile() throws Exception {
        assertNotNull(routeEvents.nextOfType(EventTypes.ROUTE_LOADED, 2000));
        Files.writeString(dir.resolve("unknown.yaml"), """
                - route:
                    id: good-half
                    from:
                      uri: timer:fine
                      steps:
                        - log: ok
                - route:
                    id: bad-half
                    from:
                      uri: nosuchscheme:foo
                      steps:
                        - log: never
                """);
        Event failed = routeEvents.nextOfType(EventTypes.ROUTE_FAILED, 3000);
        assertNotNull(failed);
        assertEquals("unknown.yaml", failed.subject());
        assertTrue(failed.data().toString(), failed.data().get("error").toString().contains("nosuchscheme"));
        assertNull("partial routes of a failed file are removed", bus.camelContext().getRoute("good-half"));
        assertNull(bus.camelContext().getRoute("bad-half"));
        assertEquals(List.of("v1"), raiseAndCollectMarkers(1));
    }

    @Test
    public void oversizedFileIsRefusedNamingItsSizeAndTheLimit() throws Exception {
        assertNotNull(routeEvents.nextOfType(EventTypes.ROUTE_LOADED, 2000));
        String big = alarmRoute("big", "x") + "#" + "x".repeat(5000) + "\n";
        Files.writeString(dir.resolve("big.yaml"), big);
        Event failed = routeEvents.nextOfType(EventTypes.ROUTE_FAILED, 3000);
        assertNotNull(failed);
        String error = failed.data().get("error").toString();
        assertTrue(error, error.contains("big.yaml") && error.contains(String.valueOf(Files.size(dir.resolve("big.yaml"))))
                && error.contains("4096"));
        assertNull(bus.camelContext().getRoute("big"));
    }

    @Test
    public void missingRoutesDirectoryIsCreated() throws Exception {
        Path other = tmp.getRoot().toPath().resolve("etc/routes");
        try (TestJournal secondJournal = TestJournal.open()) {
            YakataEventBus second = new YakataEventBus(secondJournal);
            try {
                second.start(BusSettings.defaults(other));
                assertTrue(Files.isDirectory(other));
            } finally {
                second.stop();
            }
        }
    }
}
