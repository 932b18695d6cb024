package dev.yakata.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The console's REST API on the real distribution ({@link HubProcess}, {@code bin/yakata server}, Pax Web on a free
 * port of 127.0.0.1): every route for no session and for each demo user, allowed exactly as etc/yakata.policy means
 * (viewer reads; operator shutters, doors, alarms, postures; manager devices too; admin all), and the errors a user
 * meets: forged CSRF 403, malformed JSON 400, unknown id 404, oversized body 413, expired session 401, and 429 with
 * Retry-After after repeated wrong passwords.
 */
public class ConsoleApiIT {

    private static final String[] USERS = {"viewer", "operator", "manager", "admin"};

    /** A call, and for each of no session, viewer, operator, manager, admin whether the policy allows it. */
    private record Call(String method, String path, String body, boolean... allowed) {
    }

    private static final boolean Y = true;
    private static final boolean N = false;

    private static final List<Call> MATRIX = List.of(
            new Call("GET", "/devices", null, N, Y, Y, Y, Y),
            new Call("GET", "/devices/door.1f.main-entrance", null, N, Y, Y, Y, Y),
            new Call("GET", "/alarms", null, N, Y, Y, Y, Y),
            new Call("GET", "/shutters", null, N, Y, Y, Y, Y),
            new Call("GET", "/postures", null, N, Y, Y, Y, Y),
            new Call("GET", "/events?limit=5", null, N, Y, Y, Y, Y),
            new Call("GET", "/history/hvac.2f.server-room/temperature?last=1h", null, N, Y, Y, Y, Y),
            new Call("GET", "/access/log?last=1h", null, N, Y, Y, Y, Y),
            new Call("GET", "/floors", null, N, Y, Y, Y, Y),
            // who is inside is personal: access-control.inside is not the viewer's
            new Call("GET", "/access/inside", null, N, N, Y, Y, Y),
            new Call("GET", "/access/inside?format=csv", null, N, N, Y, Y, Y),
            new Call("POST", "/shutters/groups/all-counters/stop", "{\"reason\":\"role test\"}", N, N, Y, Y, Y),
            new Call("POST", "/alarms/no.such@alarm/acknowledge", "{\"comment\":\"role test\"}", N, N, Y, Y, Y),
            new Call("POST", "/alarms/no.such@alarm/shelve", "{\"minutes\":5,\"reason\":\"role test\"}", N, N, Y, Y, Y),
            new Call("POST", "/postures/closing-time/preview", "{}", N, Y, Y, Y, Y),
            new Call("POST", "/postures/closing-time/run", "{\"token\":\"not-a-token\",\"reason\":\"role test\"}", N, N, Y, Y, Y),
            new Call("POST", "/devices/hvac.2f.server-room/commands",
                    "{\"action\":\"write\",\"args\":{\"point\":\"setpoint\",\"value\":22.5},\"reason\":\"role test\"}", N, N, N, Y, Y),
            new Call("POST", "/devices/door.1f.main-entrance/commands", "{\"action\":\"lock\",\"reason\":\"role test\"}", N, N, Y, Y, Y),
            // Level 3: nobody but an administrator releases a door by hand
            new Call("POST", "/devices/door.3f.records-room/commands", "{\"action\":\"unlock\",\"reason\":\"role test\"}", N, N, N, N, Y));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    @Test
    public void everyRouteForEveryRoleAndTheErrorsAUserMeets() throws Exception {
        Path dir = Path.of("target/console-api").toAbsolutePath();
        try (HubProcess hub = HubProcess.unpack(dir.resolve("hub"))) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            hub.setConfig("org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(port));
            hub.setConfig("dev.yakata.console.cfg", "sessionIdleSeconds", "20");
            hub.setConfig("dev.yakata.console.cfg", "maxBodyBytes", "4096");
            base = "http://127.0.0.1:" + port + "/api";
            hub.start();
            HttpResponse<String> first = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    first = send("GET", "/session", null, null, null);
                    if (first.statusCode() == 401) {
                        break;
                    }
                } catch (java.io.IOException e) {
                    // not listening yet
                }
                Thread.sleep(1000);
            }
            assertTrue("the API answers 401 without a session within 180 s: " + (first == null ? "no answer" : first.body()),
                    first != null && first.statusCode() == 401 && first.body().contains("\"error\""));

            // The store migrates its schema after the HTTP service is up; until then its reads answer 503.
            // (waited for with a session of its own: the matrix's sessions expire after 20 s idle)
            HttpResponse<String> waiter = send("POST", "/session", "{\"user\":\"admin\",\"password\":\"admin-demo\"}", null, null);
            String waiterCookie = waiter.headers().firstValue("Set-Cookie").orElseThrow();
            String[] waiting = {waiterCookie.substring(0, waiterCookie.indexOf(';')), field(waiter.body(), "csrfToken")};
            HttpResponse<String> events = send("GET", "/events?limit=1", null, waiting[0], waiting[1]);
            long storeDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (events.statusCode() == 503 && System.nanoTime() < storeDeadline) {
                Thread.sleep(1000);
                events = send("GET", "/events?limit=1", null, waiting[0], waiting[1]);
            }
            assertEquals("the store answers within 120 s: " + events.body(), 200, events.statusCode());
            // the access bundle's device may come ONLINE a little after the HTTP service (409 ADAPTER_MISSING until then)
            HttpResponse<String> inside = send("GET", "/access/inside", null, waiting[0], waiting[1]);
            long accessDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (inside.statusCode() == 409 && System.nanoTime() < accessDeadline) {
                Thread.sleep(1000);
                inside = send("GET", "/access/inside", null, waiting[0], waiting[1]);
            }
            assertEquals("access control answers within 120 s: " + inside.body(), 200, inside.statusCode());

            Map<String, String[]> sessions = new LinkedHashMap<>();
            for (String user : USERS) {
                HttpResponse<String> login = send("POST", "/session",
                        "{\"user\":\"" + user + "\",\"password\":\"" + user + "-demo\"}", null, null);
                assertEquals(user + " logs in: " + login.body(), 200, login.statusCode());
                String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
                assertTrue(cookie, cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"));
                assertTrue(login.body(), login.body().contains("\"user\":\"" + user + "\"")
                        && login.body().contains("yakata-" + user));
                sessions.put(user, new String[] {cookie.substring(0, cookie.indexOf(';')), field(login.body(), "csrfToken")});
            }

            List<String> wrong = new ArrayList<>();
            for (Call call : MATRIX) {
                for (int i = 0; i <= USERS.length; i++) {
                    String[] s = i == 0 ? null : sessions.get(USERS[i - 1]);
                    HttpResponse<String> r = send(call.method, call.path, call.body, s == null ? null : s[0], s == null ? null : s[1]);
                    int status = r.statusCode();
                    String who = i == 0 ? "no session" : USERS[i - 1];
                    boolean ok = i == 0 ? status == 401
                            : call.allowed[i] ? status != 401 && status != 403 && status != 500 && status != 503
                            : status == 403;
                    if (!ok) {
                        wrong.add(who + " " + call.method + " " + call.path + " -> " + status + " " + r.body());
                    }
                }
            }
            assertTrue("every route as the policy means it:\n" + String.join("\n", wrong), wrong.isEmpty());

            String[] op = sessions.get("operator");
            HttpResponse<String> shutters = send("GET", "/shutters", null, op[0], op[1]);
            assertTrue(shutters.body(), shutters.body().contains("\"shutters\"") && shutters.body().contains("\"groups\""));
            HttpResponse<String> csv = send("GET", "/access/inside?format=csv", null, op[0], op[1]);
            assertTrue("UTF-8 with a BOM: " + csv.body(), csv.body().startsWith("\uFEFFroom,"));

            // a refusal carries the policy's reason
            String[] vw = sessions.get("viewer");
            HttpResponse<String> refused = send("POST", "/shutters/groups/all-counters/stop", "{\"reason\":\"x\"}", vw[0], vw[1]);
            assertEquals(refused.body(), 403, refused.statusCode());
            assertTrue(refused.body(), refused.body().contains("\"forbidden\"") && refused.body().contains("viewer"));

            // forged CSRF token, malformed JSON, unknown id, oversized body
            HttpResponse<String> forged = send("POST", "/shutters/groups/all-counters/stop", "{}", op[0], "forged");
            assertEquals(forged.body(), 403, forged.statusCode());
            assertTrue(forged.body(), forged.body().contains("\"csrf\""));
            HttpResponse<String> malformed = send("POST", "/shutters/groups/all-counters/stop", "{\"reason\": ", op[0], op[1]);
            assertEquals(malformed.body(), 400, malformed.statusCode());
            assertTrue(malformed.body(), malformed.body().contains("not JSON"));
            HttpResponse<String> unknown = send("GET", "/devices/no.such.device", null, op[0], op[1]);
            assertEquals(unknown.body(), 404, unknown.statusCode());
            assertTrue(unknown.body(), unknown.body().contains("no.such.device"));
            HttpResponse<String> big = send("POST", "/devices/door.1f.main-entrance/commands",
                    "{\"action\":\"lock\",\"reason\":\"" + "x".repeat(5000) + "\"}", op[0], op[1]);
            assertEquals(big.body(), 413, big.statusCode());
            HttpResponse<String> method = send("PUT", "/devices", "{}", op[0], op[1]);
            assertEquals(method.body(), 405, method.statusCode());
            HttpResponse<String> traversal = send("GET", "/floors/..%2F..%2Fusers/map", null, op[0], op[1]);
            assertTrue(traversal.body(), traversal.statusCode() == 400 || traversal.statusCode() == 404);

            // live events (SSE): 401 without a session; a viewer's stream of the shutters' commands sees the operator's
            HttpResponse<String> noStream = send("GET", "/events/stream?topics=command.", null, null, null);
            assertEquals(noStream.body(), 401, noStream.statusCode());
            sseSeesTheOperatorsCommand(vw[0], op);

            // log out ends the session
            String[] admin = sessions.get("admin");
            assertEquals(204, send("DELETE", "/session", null, admin[0], admin[1]).statusCode());
            assertEquals(401, send("GET", "/devices", null, admin[0], admin[1]).statusCode());

            // an idle session expires (20 s in this test)
            String[] viewer = sessions.get("viewer");
            Thread.sleep(22_000);
            HttpResponse<String> expired = send("GET", "/devices", null, viewer[0], viewer[1]);
            assertEquals(expired.body(), 401, expired.statusCode());
            assertTrue(expired.body(), expired.body().contains("session-expired"));

            // five wrong passwords, and the sixth attempt is throttled
            for (int i = 1; i <= 5; i++) {
                assertEquals(401, send("POST", "/session", "{\"user\":\"manager\",\"password\":\"wrong\"}", null, null).statusCode());
            }
            HttpResponse<String> throttled = send("POST", "/session", "{\"user\":\"manager\",\"password\":\"manager-demo\"}", null, null);
            assertEquals(throttled.body(), 429, throttled.statusCode());
            long retry = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
            assertTrue("Retry-After " + retry, retry > 200 && retry <= 301);

            // the log-ins are in the audit trail with channel rest
            String audit = hub.shell("yakata:audit-list --kind login. --last 1h --limit 50");
            System.out.println(audit);
            assertTrue(audit, audit.contains("login.succeeded | operator | rest"));
            assertTrue(audit, audit.contains("login.ended     | admin    | rest"));
            assertTrue(audit, audit.contains("locked out for 300 s after 5 failed log-ins"));
        }
    }

    private void sseSeesTheOperatorsCommand(String viewerCookie, String[] op) throws Exception {
        HttpRequest open = HttpRequest.newBuilder(URI.create(base + "/events/stream?topics=command.issued&devices=shutters"))
                .header("Cookie", viewerCookie).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> stream = http.send(open, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse(""), stream.headers().firstValue("Content-Type")
                .orElse("").startsWith("text/event-stream"));
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // closed below
            }
        }, "it-sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            String first = lines.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            List<String> seen = new ArrayList<>();
            while (first != null && !first.equals("event: ready")) {
                seen.add(first);
                first = lines.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertEquals("the stream opens with ready: " + seen, "event: ready", first);
            HttpResponse<String> stop = send("POST", "/shutters/groups/all-counters/stop", "{\"reason\":\"sse check\"}", op[0], op[1]);
            assertTrue(stop.body(), stop.statusCode() != 401 && stop.statusCode() != 403); // issued, however it ends
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String found = null;
            while (found == null && System.nanoTime() < deadline) {
                String line = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (line != null) {
                    seen.add(line);
                    if (line.startsWith("data: ") && line.contains("stop-group") && line.contains("sse check")) {
                        found = line;
                    }
                }
            }
            assertTrue("the viewer's stream carries the operator's command.issued: " + seen, found != null);
            assertTrue(found, found.contains("\"type\":\"command.issued\"") && found.contains("operator"));
        } finally {
            stream.body().close();
        }
    }

    private HttpResponse<String> send(String method, String path, String body, String cookie, String csrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (csrf != null && !method.equals("GET")) {
            b.header("X-CSRF-Token", csrf);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(json, m.find());
        return m.group(1);
    }
}
