package dev.yakata.adapter.simulator.onvif;

import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The simulator is checked by a client that is not ours: the npm {@code onvif} package (0.8.3) connects with its
 * {@code Cam} class, reads device information, profiles and the snapshot URI, and receives a motion event from a
 * pull-point subscription. A simulator answer that client rejects fails the build.
 */
public class ThirdPartyOnvifClientTest {

    private static final long WAIT_MILLIS = 30_000;

    private CameraSimulator sim;
    private Process node;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Before
    public void start() throws Exception {
        sim = new CameraSimulator("admin", "entrance-secret");
    }

    @After
    public void stop() throws Exception {
        if (node != null) {
            node.getOutputStream().close();
            if (!node.waitFor(5, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        sim.close();
    }

    private void startClient(String password) throws Exception {
        Path peers = Path.of(System.getProperty("yakata.peers.dir", "../../../peers")).toAbsolutePath().normalize();
        Path scripts = Path.of(System.getProperty("yakata.onvif.nodeScripts", "src/test/node")).toAbsolutePath();
        if (!Files.isDirectory(peers.resolve("node_modules/onvif"))) {
            throw new IllegalStateException("the npm onvif client is not installed in " + peers + "; run bash " + peers.resolve("install.sh"));
        }
        ProcessBuilder builder = new ProcessBuilder("node", scripts.resolve("onvif-client-check.js").toString(), "127.0.0.1",
                String.valueOf(sim.port()), "admin", password).redirectErrorStream(true);
        builder.environment().put("NODE_PATH", peers.resolve("node_modules").toString());
        node = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // ended
            }
        }, "onvif-node-client");
        reader.setDaemon(true);
        reader.start();
    }

    private String await(String prefix) throws InterruptedException {
        return awaitMatching(prefix, l -> true);
    }

    private String awaitMatching(String prefix, java.util.function.Predicate<String> also) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            for (String line : lines) {
                if (line.startsWith(prefix) && also.test(line)) {
                    return line;
                }
                if (line.startsWith("ERROR")) {
                    throw new AssertionError("the onvif client rejected the simulator: " + line + "; output " + lines);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the onvif client never printed " + prefix + "; output " + lines);
    }

    @Test
    public void theNpmOnvifClientReadsTheSimulatorAndReceivesAMotionEvent() throws Exception {
        // a skewed camera clock too: the client must take the camera's time for its UsernameToken, as ours does
        sim.clockSkew(Duration.ofMinutes(7));
        startClient("entrance-secret");
        String info = await("INFO ");
        assertTrue(info, info.contains("\"manufacturer\":\"Yakata\"") && info.contains("\"model\":\"Entrance Camera Simulator\""));
        String profiles = await("PROFILES ");
        assertTrue(profiles, profiles.contains("\"token\":\"profile-1\"") && profiles.contains("\"source\":\"vs-1\""));
        String snapshot = await("SNAPSHOT ");
        assertTrue(snapshot, snapshot.equals("SNAPSHOT " + sim.snapshotUrl()));
        await("READY");
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (sim.liveSubscriptions() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue("the client created a pull point", sim.liveSubscriptions() == 1);
        sim.emitMotion(true);
        String event = awaitMatching("EVENT ", l -> l.contains("MotionAlarm") && l.contains("State=true"));
        assertTrue(event, event.contains("\"topic\":\"tns1:VideoSource/MotionAlarm\"") && event.contains("State=true"));
        assertTrue("no call was refused", sim.authFailures() == 0);
        String initial = lines.stream().filter(l -> l.startsWith("EVENT ") && l.contains("TamperDetector")).findFirst()
                .orElseThrow(() -> new AssertionError("no Initialized tamper state reached the client: " + lines));
        assertTrue(initial, initial.contains("IsTamper=false"));
    }

    @Test
    public void theNpmOnvifClientIsRefusedAWrongPasswordAsNotAuthorized() throws Exception {
        startClient("wrong");
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (lines.stream().noneMatch(l -> l.startsWith("ERROR")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        String error = lines.stream().filter(l -> l.startsWith("ERROR")).findFirst().orElseThrow(() -> new AssertionError(
                "the client was not refused: " + lines));
        assertTrue(error, error.toLowerCase().contains("not authorized"));
    }
}
