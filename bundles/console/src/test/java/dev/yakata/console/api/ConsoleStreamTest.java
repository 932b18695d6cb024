package dev.yakata.console.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/**
 * The live-event stream over real HTTP (Jetty of Pax Web 8.0.33, 127.0.0.1): who may open it, what each stream gets,
 * coalescing, a slow client told to resync, resuming, session end and limits.
 */
public class ConsoleStreamTest {

    private StreamServer server;

    @After
    public void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private StreamServer server(StreamHub.Settings settings, long idleSeconds) throws Exception {
        server = new StreamServer(settings, idleSeconds);
        return server;
    }

    private static Event door(String device, String type, String marker) {
        return Event.builder(type, device).zone("zone-" + device).put("door", device).put("marker", marker).build();
    }

    private static Event point(String device, String point, double value) {
        return Event.builder(EventTypes.POINT_CHANGED, device).subject(point).put("point", point).put("value", value).build();
    }

    @Test
    public void withoutASessionTheStreamIs401AndABadQueryIs400() throws Exception {
        StreamServer s = server(StreamServer.settings(), 900);
        HttpResponse<String> none = s.get("?topics=*", null);
        assertEquals(none.body(), 401, none.statusCode());
        assertTrue(none.body(), none.body().contains("\"unauthenticated\"") && none.body().contains("POST /api/session"));
        HttpResponse<String> ended = s.get("?topics=*", ConsoleApiServlet.COOKIE + "=forged-or-ended");
        assertEquals(ended.body(), 401, ended.statusCode());
        assertTrue(ended.body(), ended.body().contains("\"session-expired\""));
        String cookie = s.login("viewer", "yakata-viewer");
        HttpResponse<String> noTopics = s.get("", cookie);
        assertEquals(noTopics.body(), 400, noTopics.statusCode());
        assertTrue(noTopics.body(), noTopics.body().contains("topics is missing"));
        HttpResponse<String> badTopic = s.get("?topics=DOOR%20forced", cookie);
        assertEquals(badTopic.body(), 400, badTopic.statusCode());
        assertTrue(badTopic.body(), badTopic.body().contains("'DOOR forced' is not an event type"));
        HttpResponse<String> badDevice = s.get("?topics=door.&devices=..%2Fetc", cookie);
        assertEquals(badDevice.body(), 400, badDevice.statusCode());
        assertTrue(badDevice.body(), badDevice.body().contains("devices: '../etc' is not an id"));
        assertEquals(0, s.servlet.hub().clientCount());
    }

    @Test
    public void aStreamGetsOnlyTheTypesDevicesAndZonesItAskedFor() throws Exception {
        StreamServer s = server(StreamServer.settings(), 900);
        String cookie = s.login("operator", "yakata-operator");
        try (StreamServer.Sse doors = s.open("?topics=door.,alarm.raised&devices=door.a", cookie, null);
                StreamServer.Sse zone = s.open("?topics=door.*&zones=zone-door.b", cookie, null);
                StreamServer.Sse all = s.open("?topics=*", cookie, null)) {
            for (StreamServer.Sse sse : List.of(doors, zone, all)) {
                StreamServer.Frame ready = sse.next(5000);
                assertEquals(String.valueOf(ready), "ready", ready.event());
            }
            assertTrue(doors.frames.isEmpty());
            StreamHub hub = s.servlet.hub();
            hub.onEvent(door("door.a", EventTypes.DOOR_FORCED, "a-forced"));
            hub.onEvent(door("door.b", EventTypes.DOOR_FORCED, "b-forced"));
            hub.onEvent(door("door.a", EventTypes.SHUTTER_STATE, "a-shutter"));
            hub.onEvent(door("door.a", EventTypes.ALARM_ACKNOWLEDGED, "a-ack"));
            hub.onEvent(door("door.a", EventTypes.ALARM_RAISED, "a-raised"));
            hub.onEvent(door("door.b", EventTypes.DOOR_HELD_OPEN, "b-held"));

            List<StreamServer.Frame> got = doors.until("event", "a-raised", 5000);
            assertEquals(got.toString(), 2, got.size());
            assertTrue(got.get(0).data().contains("a-forced"));
            List<StreamServer.Frame> zoned = zone.until("event", "b-held", 5000);
            assertEquals(zoned.toString(), 2, zoned.size());
            assertTrue(zoned.get(0).data().contains("b-forced"));
            assertEquals(6, all.until("event", "b-held", 5000).size());
            assertNull("nothing else for the door stream", doors.next(300));
        }
    }

    @Test
    public void pointValuesAreCoalescedToTheLatestButNoControlEventIsDropped() throws Exception {
        // a 400 ms write interval: everything below arrives within one
        StreamServer s = server(new StreamHub.Settings(10, 4, 2000, 5000, 400, 15, 60, 4096), 900);
        String cookie = s.login("viewer", "yakata-viewer");
        try (StreamServer.Sse sse = s.open("?topics=point.changed,shutter.state", cookie, null)) {
            assertEquals("ready", sse.next(5000).event());
            StreamHub hub = s.servlet.hub();
            for (int i = 1; i <= 200; i++) {
                hub.onEvent(point("hvac.a", "temp", i));
                hub.onEvent(point("hvac.a", "humidity", 1000 + i));
                if (i % 20 == 0) {
                    hub.onEvent(door("shutter.a", EventTypes.SHUTTER_STATE, "step-" + i));
                }
            }
            hub.onEvent(door("shutter.a", EventTypes.SHUTTER_STATE, "the-end"));
            List<StreamServer.Frame> got = sse.until("event", "the-end", 5000);
            long shutter = got.stream().filter(f -> f.data().contains("shutter.state")).count();
            List<StreamServer.Frame> temps = got.stream().filter(f -> f.data().contains("\"temp\"")).toList();
            List<StreamServer.Frame> hums = got.stream().filter(f -> f.data().contains("\"humidity\"")).toList();
            assertEquals("all 11 shutter events: " + got, 11, shutter);
            // 200 values each, coalesced: the container may also call onWritePossible in the middle of the burst
            // (after the ready frame found the connection not ready), which writes what waits at that moment, so a
            // point can go out once or twice early; what must hold is a handful at most, and the latest last
            assertTrue("200 temperatures coalesced to a few, the latest last: " + got, temps.size() <= 3);
            assertTrue(temps.get(temps.size() - 1).data(), temps.get(temps.size() - 1).data().contains("\"value\":200"));
            assertTrue("200 humidities coalesced to a few: " + got, hums.size() <= 3);
            assertTrue(hums.get(hums.size() - 1).data(), hums.get(hums.size() - 1).data().contains("\"value\":1200"));
            // in stream order: the ids grow
            long previous = 0;
            for (StreamServer.Frame f : got) {
                long n = Long.parseLong(f.id().substring(f.id().indexOf('.') + 1));
                assertTrue(got.toString(), n > previous);
                previous = n;
            }
        }
    }

    @Test
    public void aClientThatDoesNotReadIsToldToResyncAndItsMemoryStaysBounded() throws Exception {
        StreamServer s = server(new StreamHub.Settings(10, 4, 100, 100, 5, 15, 60, 4096), 900);
        String cookie = s.login("viewer", "yakata-viewer");
        try (Socket socket = new Socket(s.address().getAddress(), s.address().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/events/stream?topics=door. HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (s.servlet.hub().clientCount() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            String padding = "x".repeat(2000);
            StreamHub hub = s.servlet.hub();
            for (int i = 0; i < 20_000; i++) {
                hub.onEvent(Event.builder(EventTypes.DOOR_FORCED, "door.a").put("pad", padding).put("n", i).build());
                if (i % 1000 == 999) {
                    Thread.sleep(20); // let the writer fill the socket
                }
            }
            long pending = ((Number) hub.statistics().get("resyncsOfOpenStreams")).longValue();
            assertTrue("the stream overflowed and was marked for resync: " + hub.statistics(), pending >= 1);
            hub.onEvent(Event.builder(EventTypes.DOOR_SECURED, "door.a").put("marker", "after-the-burst").build());
            // now read: somewhere is the resync, and after it the newest event
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(10_000);
            StringBuilder text = new StringBuilder();
            byte[] buffer = new byte[65536];
            while (text.indexOf("after-the-burst") < 0) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                if (text.length() > 4_000_000) {
                    text.delete(0, text.length() - 100_000);
                }
            }
            int resync = text.lastIndexOf("event: resync");
            assertTrue("a resync frame", resync >= 0);
            assertTrue(text.substring(resync, Math.min(text.length(), resync + 300)), text.indexOf("slow-client", resync) > 0);
            assertTrue("the newest event after it", text.indexOf("after-the-burst", resync) > resync);
        }
    }

    @Test
    public void aStreamResumesFromLastEventIdAndAnUnknownIdMeansResync() throws Exception {
        StreamServer s = server(new StreamHub.Settings(10, 4, 2000, 5000, 5, 15, 60, 50), 900);
        String cookie = s.login("viewer", "yakata-viewer");
        StreamHub hub = s.servlet.hub();
        String last;
        try (StreamServer.Sse sse = s.open("?topics=door.", cookie, null)) {
            assertEquals("ready", sse.next(5000).event());
            hub.onEvent(door("door.a", EventTypes.DOOR_FORCED, "seen-1"));
            last = sse.until("event", "seen-1", 5000).get(0).id();
        }
        hub.onEvent(door("door.a", EventTypes.DOOR_FORCED, "missed-2"));
        hub.onEvent(door("door.a", EventTypes.ALARM_RAISED, "not-a-door-event"));
        hub.onEvent(door("door.a", EventTypes.DOOR_SECURED, "missed-3"));
        try (StreamServer.Sse sse = s.open("?topics=door.", cookie, last)) {
            StreamServer.Frame ready = sse.next(5000);
            assertEquals("ready", ready.event());
            assertTrue(ready.data(), ready.data().contains("\"resumed\":true"));
            assertEquals(last, ready.id());
            List<StreamServer.Frame> got = sse.until("event", "missed-3", 5000);
            assertEquals(got.toString(), 2, got.size());
            assertTrue(got.get(0).data().contains("missed-2"));
        }
        try (StreamServer.Sse sse = s.open("?topics=door.", cookie, "zzzz.3")) {
            assertEquals("ready", sse.next(5000).event());
            StreamServer.Frame resync = sse.next(5000);
            assertEquals(String.valueOf(resync), "resync", resync.event());
            assertTrue(resync.data(), resync.data().contains("the hub restarted"));
        }
        for (int i = 0; i < 60; i++) { // more than the 50 the hub keeps
            hub.onEvent(door("door.a", EventTypes.DOOR_FORCED, "flood-" + i));
        }
        try (StreamServer.Sse sse = s.open("?topics=door.", cookie, last)) {
            assertEquals("ready", sse.next(5000).event());
            StreamServer.Frame resync = sse.next(5000);
            assertEquals(String.valueOf(resync), "resync", resync.event());
            assertTrue(resync.data(), resync.data().contains("older than the last 50"));
        }
    }

    @Test
    public void aStreamEndsWhenItsSessionEndsOrExpires() throws Exception {
        StreamServer s = server(StreamServer.settings(), 2);
        String cookie = s.login("operator", "yakata-operator");
        String other = s.login("viewer", "yakata-viewer");
        StreamHub hub = s.servlet.hub();
        try (StreamServer.Sse sse = s.open("?topics=*", cookie, null); StreamServer.Sse idle = s.open("?topics=*", other, null)) {
            assertEquals("ready", sse.next(5000).event());
            assertEquals("ready", idle.next(5000).event());
            assertEquals(2, hub.clientCount());
            s.sessions.sessions().end(cookie.substring(cookie.indexOf('=') + 1)); // log-out
            StreamServer.Frame ended = sse.next(5000);
            assertEquals(String.valueOf(ended), "session-ended", ended.event());
            // the idle session expires after 2 s (a stream is not activity) and its stream ends too
            StreamServer.Frame expired = idle.next(8000);
            assertEquals(String.valueOf(expired), "session-ended", expired.event());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((!sse.ended || !idle.ended || hub.clientCount() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue("both responses ended", sse.ended && idle.ended);
            assertEquals(0, hub.clientCount());
        }
        HttpResponse<String> after = s.get("?topics=*", cookie);
        assertEquals(401, after.statusCode());
    }

    @Test
    public void aClientThatGoesAwayIsRemovedAndTheLimitsHold() throws Exception {
        StreamServer s = server(new StreamHub.Settings(3, 2, 2000, 5000, 5, 1, 60, 4096), 900);
        String a = s.login("viewer", "yakata-viewer");
        String b = s.login("operator", "yakata-operator");
        StreamHub hub = s.servlet.hub();
        StreamServer.Sse first = s.open("?topics=*", a, null);
        StreamServer.Sse second = s.open("?topics=*", a, null);
        assertEquals("ready", first.next(5000).event());
        assertEquals("ready", second.next(5000).event());
        // a third of the same session (a view switch before the hub noticed a closed stream) replaces its oldest
        StreamServer.Sse third = s.open("?topics=*", a, null);
        assertEquals("ready", third.next(5000).event());
        StreamServer.Frame replaced = first.next(5000);
        assertEquals(String.valueOf(replaced), "replaced", replaced.event());
        assertTrue(replaced.data(), replaced.data().contains("maxClientsPerSession"));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!first.ended && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertTrue("the replaced stream's response ended", first.ended);
        assertEquals(2, hub.clientCount());
        assertEquals(1L, hub.statistics().get("replacedByANewerOfTheirSession"));
        StreamServer.Sse other = s.open("?topics=*", b, null);
        HttpResponse<String> full = s.get("?topics=*", b);
        assertEquals(full.body(), 503, full.statusCode());
        assertTrue(full.body(), full.body().contains("maxClients"));
        assertEquals(3, hub.clientCount());
        first.close();
        second.close();
        third.close();
        // the heartbeat (1 s here) writes to the closed connections, which ends them
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hub.clientCount() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, hub.clientCount());
        StreamServer.Frame beat = null;
        for (StreamServer.Frame f; (f = other.frames.poll(3, TimeUnit.SECONDS)) != null; ) {
            if (f.event().equals(":")) {
                beat = f;
                break;
            }
        }
        assertNotNull("heartbeats on an idle stream", beat);
        s.open("?topics=*", a, null).close(); // the session has room again
        other.close();
    }

    @Test
    public void aCardValueThatIsNotAPseudonymNeverLeavesTheHub() throws Exception {
        StreamServer s = server(StreamServer.settings(), 900);
        String cookie = s.login("viewer", "yakata-viewer");
        try (StreamServer.Sse sse = s.open("?topics=card.", cookie, null)) {
            assertEquals("ready", sse.next(5000).event());
            String pseudonym = "card:0123456789abcdef01234567";
            s.servlet.hub().onEvent(Event.builder(EventTypes.CARD_SWIPED, "reader.a").put("card", pseudonym).build());
            s.servlet.hub().onEvent(Event.builder(EventTypes.CARD_SWIPED, "reader.a").put("card", "0042 7791 3310")
                    .put("marker", "raw").build());
            List<StreamServer.Frame> got = sse.until("event", "raw", 5000);
            assertTrue(got.get(0).data(), got.get(0).data().contains(pseudonym));
            assertFalse(got.get(1).data(), got.get(1).data().contains("7791"));
            assertTrue(got.get(1).data(), got.get(1).data().contains("\"card\":\"withheld\""));
            assertEquals(1L, s.servlet.hub().statistics().get("cardValuesWithheld"));
        }
    }
}
