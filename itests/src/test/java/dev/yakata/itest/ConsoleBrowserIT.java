package dev.yakata.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.mqtt.client.MosquittoBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The console in a real browser against the real distribution: Debian's Chromium driven by playwright-core
 * ({@code src/test/node/console-browser.js}) loads {@code /console/} from a hub started with {@code bin/yakata server}
 * (its own process, as an operator runs it). The log-in page comes up in Japanese, switches to English (remembered
 * across a reload) and back, with no Content-Security-Policy violation; a hostile floor-map file is stripped of
 * everything that could run. Then, through the REST API: the operator sees the floor map in Japanese and English,
 * closes all counter shutters from the floor map (confirmation step) and sees each reach CLOSED, acknowledges the alarm
 * this test caused (a simulated loss of 1F power feed A), releases a door and sees it relock; the viewer finds every
 * control absent and the API answering 403 to the same calls made from the page; the API's browsable page shows
 * every documented operation. The script prints its timings (view switches, "close all" click to every command
 * dispatched, with their baselines: BENCHMARKS.md). Screenshots are kept in {@code target/console-browser/screenshots}.
 *
 * <p>This is an itest rather than the bundle's own test because it needs the whole distribution, which is built
 * after the bundle.
 */
public class ConsoleBrowserIT {

    private static final Duration BOOT = Duration.ofSeconds(120);

    @Test
    public void theConsoleLoadsInJapaneseSwitchesToEnglishAndBackAndNeverRunsAFloorMapsScript() throws Exception {
        Path dir = Path.of("target/console-browser").toAbsolutePath();
        Path shots = dir.resolve("screenshots");
        // -Dyakata.itest.console.distribution=<tar.gz> runs it against a distribution built here rather than the one
        // in the local Maven repository (which another build on the machine may have replaced)
        try (HubProcess hub = HubProcess.unpack(dir.resolve("hub"), System.getProperty("yakata.itest.console.distribution",
                System.getProperty("yakata.itest.distribution")))) {
            int http = hub.httpPort(); // a free one, chosen by HubProcess
            hub.setConfig("dev.yakata.mqtt.bridge.cfg", "enabled", "false");
            hub.setConfig("dev.yakata.opcua.server.cfg", "port", String.valueOf(MosquittoBroker.freePort()));
            hub.start();
            String base = "http://127.0.0.1:" + http;
            HttpResponse<String> page = waitFor(base + "/console/index.html", hub);

            // the headers the UI's safety rests on, from the real HTTP service
            assertEquals("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
                    + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                    + "form-action 'self'", page.headers().firstValue("Content-Security-Policy").orElse(""));
            assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(""));
            HttpResponse<String> uplot = get(base + "/console/vendor/uplot/1.6.30/dist/uPlot.iife.min.js");
            assertEquals(200, uplot.statusCode());
            assertEquals("public, max-age=31536000, immutable", uplot.headers().firstValue("Cache-Control").orElse(""));
            assertEquals("the bundle's own entries outside web/ are not console files", 404,
                    get(base + "/console/OSGI-INF/dev.yakata.console.web.internal.ConsoleWebContext.xml").statusCode());
            assertEquals("a folder is not listed", 404, get(base + "/console/app/").statusCode());
            HttpResponse<String> root = get(base + "/console/");
            assertEquals(302, root.statusCode());
            assertTrue(root.headers().firstValue("Location").orElse("").endsWith("/console/index.html"));

            // an alarm for the operator to acknowledge: the simulator loses 1F power feed A (redundancy lost, load supplied)
            // (retried: the console may answer before the simulator has opened its devices)
            String injected = "";
            for (int i = 0; i < 30 && !injected.contains("Injected feed-a-loss"); i++) {
                try {
                    injected = hub.shell("yakata:sim-fault power.1f.feeds feed-a-loss");
                } catch (IllegalStateException e) {
                    injected = e.getMessage();
                    Thread.sleep(1000);
                }
            }
            assertTrue(injected, injected.contains("Injected feed-a-loss"));
            Thread.sleep(2000); // the alarm engine raises it on the next feeds reading

            String figures = browser(base, shots);
            System.out.println("console browser figures: " + figures);
            // what the browser did, as the hub itself records it
            String alarms = hub.shell("yakata:alarm-list --show all");
            String line = alarms.lines().filter(l -> l.contains("power.redundancy-lost@power.1f.feeds")).findFirst().orElse("");
            assertTrue("the alarm is not acknowledged by the operator: " + alarms, line.contains("ACTIVE_ACKED") && line.contains("operator"));
            String audit = hub.shell("yakata:audit-list --kind command.issued --channel REST --device shutters --last 1h --limit 500");
            assertTrue("no audited group close by the operator through the console: " + audit,
                    audit.lines().anyMatch(l -> l.contains("close-group") && l.contains("operator")));
            for (String png : new String[] {"login-ja.png", "login-en.png", "login-ja-again.png", "map-1f-ja.png", "map-1f-en.png",
                    "map-1f-closed-ja.png", "alarm-acknowledged-ja.png", "viewer-map-ja.png", "api-docs.png"}) {
                Path shot = shots.resolve(png);
                assertTrue("no screenshot " + shot, Files.size(shot) > 1000);
                byte[] head = Files.readAllBytes(shot);
                assertEquals("not a PNG: " + shot, (byte) 0x89, head[0]);
            }
            hub.stop();
        }
    }

    /** Runs the browser script; returns its figures line, or fails with everything it printed. */
    private static String browser(String base, Path shots) throws IOException, InterruptedException {
        Path peers = Path.of(System.getProperty("yakata.itest.peers.dir"));
        ProcessBuilder pb = new ProcessBuilder("node", Path.of("src/test/node/console-browser.js").toAbsolutePath().toString(),
                base, shots.toString());
        pb.environment().put("NODE_PATH", peers.resolve("node_modules").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the browser script did not finish within 240 s: " + out);
        }
        if (p.exitValue() != 0) {
            fail("the browser script failed (exit " + p.exitValue() + "): " + out);
        }
        String[] lines = out.trim().split("\n");
        return lines[lines.length - 1];
    }

    private static HttpResponse<String> waitFor(String url, HubProcess hub) throws Exception {
        long deadline = System.nanoTime() + BOOT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = get(url);
                if (r.statusCode() == 200) {
                    return r;
                }
                last = new IllegalStateException("HTTP " + r.statusCode());
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(500);
        }
        String log = hub.logText();
        throw new AssertionError("the console did not answer at " + url + " within " + BOOT.toSeconds() + " s (" + last
                + "); hub log tail: " + log.substring(Math.max(0, log.length() - 3000)));
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
