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
import java.time.Instant;
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
            // Asked to listen on every interface while the demo users are enabled: the hub must refuse (127.0.0.1 only).
            hub.setConfig("org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses", "0.0.0.0");
            hub.setConfig("org.apache.karaf.shell.cfg", "sshHost", "0.0.0.0");
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
            // and the shutters' supervision (a later start level than the HTTP service) has its device online
            HttpResponse<String> supervised = send("GET", "/shutters", null, waiting[0], waiting[1]);
            while (!supervised.body().contains("\"groups\"") && System.nanoTime() < storeDeadline) {
                Thread.sleep(1000);
                supervised = send("GET", "/shutters", null, waiting[0], waiting[1]);
            }
            assertTrue("the shutters device is online within 120 s: " + supervised.body(), supervised.body().contains("\"groups\""));
            HttpResponse<String> access = send("GET", "/access/inside", null, waiting[0], waiting[1]);
            while (access.statusCode() != 200 && System.nanoTime() < storeDeadline) {
                Thread.sleep(1000);
                access = send("GET", "/access/inside", null, waiting[0], waiting[1]);
            }
            assertEquals("the access device is online within 120 s: " + access.body(), 200, access.statusCode());

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

            // the event list starts at the newest event, pages back with next, and reads oldest first on request
            eventListsPageNewestFirst(op);

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

            // before the lockout below, which also locks this address (127.0.0.1) out
            deploymentSecurity(hub, port);

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
            assertTrue("every refused log-in is audited: " + audit,
                    Pattern.compile("login\\.refused\\s*\\|\\s*manager\\s*\\|\\s*rest").matcher(audit).find());
        }
    }

    /**
     * The same hub: no server beyond loopback while demo users are enabled, HTTPS with the certificate generated on
     * first start, bcrypt in etc/users.properties, an administrator added by bin/yakata-admin-password, /metrics.
     */
    private void deploymentSecurity(HubProcess hub, int port) throws Exception {
        String log = hub.logText();
        assertTrue("the refusal names the setting and the fix",
                log.contains("Refusing to listen on 0.0.0.0 for the SSH console")
                        && log.contains("sshHost = 0.0.0.0 in etc/org.apache.karaf.shell.cfg")
                        && log.contains("org.ops4j.pax.web.listening.addresses = 0.0.0.0")
                        && log.contains("bin/yakata-admin-password"));
        // 127.0.0.2 is loopback too, but only a socket bound to every interface answers there
        for (int p : new int[] {port, hub.httpsPort(), hub.sshPortNumber()}) {
            try (java.net.Socket beyond = new java.net.Socket()) {
                beyond.connect(new java.net.InetSocketAddress("127.0.0.2", p), 2000);
                throw new AssertionError("port " + p + " answers beyond 127.0.0.1 while demo users are enabled");
            } catch (java.net.ConnectException expected) {
                // refused: bound to 127.0.0.1 only
            }
        }
        assertTrue(hub.shell("viewer", "viewer-demo", "jaas:whoami").contains("viewer"));

        // bcrypt, salted: no clear password left, each hash a different $2a$10$
        java.util.Set<String> hashes = new java.util.HashSet<>();
        for (String line : java.nio.file.Files.readAllLines(hub.etc().resolve("users.properties"))) {
            Matcher m = Pattern.compile("^(viewer|operator|manager|admin)\\s*[=:]\\s*\\{CRYPT\\}([0-9a-f]+)\\{CRYPT\\}\\s*,.*").matcher(line);
            if (m.matches()) {
                String bcrypt = new String(java.util.HexFormat.of().parseHex(m.group(2)), java.nio.charset.StandardCharsets.US_ASCII);
                assertTrue(line + " -> " + bcrypt, bcrypt.startsWith("$2a$10$") && bcrypt.length() == 60);
                hashes.add(bcrypt.substring(7, 29));
            }
        }
        assertEquals("four users, four salts", 4, hashes.size());

        // HTTPS: a real handshake to the certificate generated on first start, trusted alone, name 127.0.0.1 checked
        java.security.KeyStore keystore = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(hub.etc().resolve("https/keystore.p12"))) {
            keystore.load(in, "yakata-https".toCharArray());
        }
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("hub", keystore.getCertificate(keystore.aliases().nextElement()));
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        String secure = "https://127.0.0.1:" + hub.httpsPort() + "/api";
        HttpResponse<String> anonymous = https.send(HttpRequest.newBuilder(URI.create(secure + "/session")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(anonymous.body(), 401, anonymous.statusCode());
        assertTrue(anonymous.sslSession().orElseThrow().getProtocol(), anonymous.sslSession().orElseThrow().getProtocol().startsWith("TLSv1."));

        // the first administrator's password, as the production guide says: one command, then log in
        String password = "a passphrase for the IT";
        Process tool = new ProcessBuilder(hub.home().resolve("bin/yakata-admin-password").toString(), "it.admin")
                .directory(hub.home().toFile()).redirectErrorStream(true).start();
        tool.getOutputStream().write((password + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        tool.getOutputStream().close();
        String said = new String(tool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(said, 0, tool.waitFor());
        assertTrue(said, said.contains("administrator 'it.admin' added"));
        assertTrue("no clear password in the file",
                !java.nio.file.Files.readString(hub.etc().resolve("users.properties")).contains(password));
        HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(secure + "/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"it.admin\",\"password\":\"" + password + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(login.body(), 200, login.statusCode());
        assertTrue(login.body(), login.body().contains("yakata-admin"));
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue("over HTTPS the session cookie is Secure: " + cookie, cookie.contains("; Secure"));
        assertTrue(hub.shell("it.admin", password, "jaas:whoami -r").contains("yakata-admin"));

        // /metrics: Prometheus text, every family announced, the hub's figures in it
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(metrics.body(), 200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse(""), metrics.headers().firstValue("Content-Type")
                .orElse("").startsWith("text/plain; version=0.0.4"));
        java.util.Set<String> typed = new java.util.HashSet<>();
        java.util.Set<String> helped = new java.util.HashSet<>();
        Pattern sample = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? (-?[0-9.eE+-]+|\\+Inf|NaN)");
        for (String line : metrics.body().split("\n")) {
            Matcher h = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+").matcher(line);
            Matcher t = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary)").matcher(line);
            if (h.matches()) {
                assertTrue("one HELP per family: " + line, helped.add(h.group(1)));
            } else if (t.matches()) {
                assertTrue("HELP before TYPE: " + line, helped.contains(t.group(1)) && typed.add(t.group(1)));
            } else {
                Matcher m = sample.matcher(line);
                assertTrue("a legal sample line: " + line, m.matches());
                String family = m.group(1).replaceAll("_(bucket|sum|count)$", "");
                assertTrue("the family of " + line + " is typed before it", typed.contains(m.group(1)) || typed.contains(family));
            }
        }
        String body = metrics.body();
        Matcher online = Pattern.compile("yakata_devices\\{state=\"ONLINE\"\\} (\\d+)").matcher(body);
        assertTrue(body, online.find() && Integer.parseInt(online.group(1)) > 10);
        assertTrue(body, body.contains("yakata_bus_events_accepted_total{queue=\"lane:control\"}"));
        assertTrue(body, body.contains("yakata_bus_queue_depth{queue=\"lane:telemetry\"}"));
        assertTrue(body, body.contains("yakata_store_lag_events "));
        assertTrue("the live-event stream's gauge: " + body, Pattern.compile("(?m)^yakata_console_sse_clients \\d+$").matcher(body).find());
        Matcher commands = Pattern.compile("yakata_command_duration_seconds_count\\{outcome=\"(completed|rejected)\"\\} (\\d+)").matcher(body);
        long counted = 0;
        while (commands.find()) {
            counted += Long.parseLong(commands.group(2));
        }
        assertTrue("the matrix's commands are in the latency histogram: " + body, counted > 10);
    }

    /**
     * Production mode, a boot of its own (it starts from an untouched distribution): the demo users are gone before
     * anyone can log in with them, the refusal is audited, the hub says how to set an administrator, and one command
     * does it while the hub runs.
     */
    @Test
    public void productionModeHasNoDemoUsersAndTheFirstAdministratorSetsAPassword() throws Exception {
        Path dir = Path.of("target/console-production").toAbsolutePath();
        try (HubProcess hub = HubProcess.unpack(dir.resolve("hub"))) {
            hub.setConfig("system.properties", "yakata.mode", "production");
            base = "http://127.0.0.1:" + hub.httpPort() + "/api";
            hub.start();
            HttpResponse<String> demo = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    demo = send("POST", "/session", "{\"user\":\"admin\",\"password\":\"admin-demo\"}", null, null);
                    if (demo.statusCode() != 404 && demo.statusCode() != 503) {
                        break;
                    }
                } catch (java.io.IOException e) {
                    // not listening yet
                }
                Thread.sleep(1000);
            }
            assertTrue("the demo administrator is refused: " + (demo == null ? "no answer" : demo.body()),
                    demo != null && demo.statusCode() == 401);
            String users = java.nio.file.Files.readString(hub.etc().resolve("users.properties"));
            for (String user : USERS) {
                assertTrue(user + " is gone:\n" + users, !Pattern.compile("(?m)^" + user + " = ").matcher(users).find());
            }
            assertTrue(hub.logText().contains("removed the demo users [viewer, operator, manager, admin]"));
            assertTrue(hub.logText().contains("no administrator can log in yet. On this machine, run bin/yakata-admin-password"));

            String password = "first administrators passphrase";
            Process tool = new ProcessBuilder(hub.home().resolve("bin/yakata-admin-password").toString(), "s.mori")
                    .directory(hub.home().toFile()).redirectErrorStream(true).start();
            tool.getOutputStream().write((password + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            tool.getOutputStream().close();
            String said = new String(tool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(said, 0, tool.waitFor());
            HttpResponse<String> login = send("POST", "/session",
                    "{\"user\":\"s.mori\",\"password\":\"" + password + "\"}", null, null);
            assertEquals(login.body(), 200, login.statusCode());
            String audit = hub.shellOnceStarted("s.mori", password, "yakata:audit-list --kind login. --last 1h --limit 20",
                    Duration.ofSeconds(60));
            assertTrue("the refused demo log-in is audited: " + audit,
                    Pattern.compile("login\\.refused\\s*\\|\\s*admin\\s*\\|\\s*rest").matcher(audit).find());
            assertTrue(audit, Pattern.compile("login\\.succeeded\\s*\\|\\s*s\\.mori\\s*\\|\\s*rest").matcher(audit).find());
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

    private void eventListsPageNewestFirst(String[] op) throws Exception {
        HttpResponse<String> first = send("GET", "/events?limit=20", null, op[0], op[1]);
        assertEquals(first.body(), 200, first.statusCode());
        List<Instant> newest = times(first.body());
        assertEquals(first.body(), 20, newest.size());
        HttpResponse<String> second = send("GET", "/events?limit=20&next=" + field(first.body(), "next"), null, op[0], op[1]);
        List<Instant> older = times(second.body());
        List<Instant> both = new ArrayList<>(newest);
        both.addAll(older);
        for (int i = 1; i < both.size(); i++) {
            assertTrue("newest first across two pages: " + both, !both.get(i).isAfter(both.get(i - 1)));
        }
        List<Instant> oldest = times(send("GET", "/events?limit=20&order=oldest", null, op[0], op[1]).body());
        assertTrue("order=oldest starts before the newest page: " + oldest,
                oldest.get(0).isBefore(newest.get(newest.size() - 1)) && !oldest.get(1).isBefore(oldest.get(0)));
        HttpResponse<String> badOrder = send("GET", "/events?order=sideways", null, op[0], op[1]);
        assertEquals(badOrder.body(), 400, badOrder.statusCode());
        assertTrue(badOrder.body(), badOrder.body().contains("order=sideways"));
        // a newest-first token does not continue an oldest-first list
        HttpResponse<String> badNext = send("GET", "/events?order=oldest&next=" + field(first.body(), "next"), null, op[0], op[1]);
        assertEquals(badNext.body(), 400, badNext.statusCode());
        assertTrue(badNext.body(), badNext.body().contains("next = "));
    }

    /** The top-level times of a page of events (in each event's JSON its time follows its id; data has neither). */
    private static List<Instant> times(String json) {
        Matcher m = Pattern.compile("\"id\":\"[^\"]*\",\"time\":\"([^\"]+)\"").matcher(json);
        List<Instant> out = new ArrayList<>();
        while (m.find()) {
            out.add(Instant.parse(m.group(1)));
        }
        return out;
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(json, m.find());
        return m.group(1);
    }
}
