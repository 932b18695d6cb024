package com.example.shutterworks.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.shutterworks.simulator.ShutterWorksSimulator;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.Quality;
import dev.yakata.api.device.StatusDetail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter against the simulator (and one scripted misbehaving controller), behaviour by behaviour. */
class ShutterWorksAdapterTest {

    private ShutterWorksSimulator simulator;
    private RecordingContext context;
    private DeviceHandler handler;

    @BeforeEach
    void start() throws IOException {
        simulator = ShutterWorksSimulator.builder().port(0).password("pw").travel(Duration.ofMillis(400)).start();
    }

    @AfterEach
    void stop() {
        if (handler != null) {
            handler.close();
        }
        if (context != null) {
            context.close();
        }
        simulator.close();
    }

    static DeviceDefinition shutter(int port, String password) {
        return DeviceDefinition.builder("shutter.test", "shutter", ShutterWorksAdapter.ID).profile("shutter")
                .point(PointDefinition.builder("obstruction", PointKind.BINARY).build())
                .point(PointDefinition.builder("closed", PointKind.BINARY).build())
                .point(PointDefinition.builder("pos", PointKind.ANALOG).unit("%").build())
                .point(PointDefinition.builder("state", PointKind.TEXT).build())
                .role("obstruction", "obstruction").role("closed", "closed").role("position", "pos").role("state", "state")
                .properties(Map.of("controller.host", "127.0.0.1", "controller.port", String.valueOf(port),
                        "controller.password", password, "controller.replyTimeoutMillis", "500",
                        "controller.heartbeatMillis", "500", "controller.reconnectMinMillis", "100",
                        "controller.reconnectMaxMillis", "300"))
                .build();
    }

    private void open(DeviceDefinition device) throws Exception {
        context = new RecordingContext(device);
        handler = new ShutterWorksAdapter().open(device, context);
    }

    private void openOnline() throws Exception {
        open(shutter(simulator.port(), "pw"));
        context.await("ONLINE", () -> context.lastStatus() != null && context.lastStatus().state() == DeviceState.ONLINE);
    }

    private static Command command(String action) {
        return Command.action("shutter.test", action, Map.of(), Issuer.of("test", Issuer.Channel.SHELL, "yakata-operator"), "test");
    }

    private CommandOutcome run(String action) throws Exception {
        return handler.execute(command(action)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void comesOnlineWithEveryRolePublished() throws Exception {
        openOnline();
        assertEquals(false, context.value("obstruction"));
        assertEquals(false, context.value("closed"));
        assertEquals(0.0, context.value("pos"));
        assertEquals("OPEN", context.value("state"));
    }

    @Test
    void closeCompletesAtTheClosedLimitAndTheAdapterLeavesShutterStateToTheHub() throws Exception {
        openOnline();
        Command close = command("close");
        CommandOutcome outcome = handler.execute(close).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OutcomeStatus.COMPLETED, outcome.status(), outcome.reason());
        assertEquals(true, context.value("closed"));
        assertEquals(100.0, context.value("pos"));
        assertEquals("CLOSED", context.value("state"));
        // The hub's shutter supervision publishes shutter.state from these points; a copy from the adapter would
        // show every change twice.
        assertEquals(List.of(), context.events, "events the adapter published");
    }

    @Test
    void closeIsRejectedWhileObstructionSensed() throws Exception {
        openOnline();
        simulator.obstruct(true);
        context.await("obstruction true", () -> Boolean.TRUE.equals(context.value("obstruction")));
        CommandOutcome outcome = run("close");
        assertEquals(OutcomeStatus.REJECTED, outcome.status());
        assertTrue(outcome.reason().contains("obstruction sensed under the shutter") && outcome.reason().contains("ERR 409"),
                outcome.reason());
    }

    @Test
    void anObstructionWhileClosingFailsTheCloseWithTheControllersReason() throws Exception {
        openOnline();
        var pending = handler.execute(command("close")).toCompletableFuture();
        context.await("CLOSING", () -> "CLOSING".equals(context.value("state")));
        simulator.obstruct(true);
        CommandOutcome outcome = pending.get(5, TimeUnit.SECONDS);
        assertEquals(OutcomeStatus.FAILED, outcome.status());
        assertTrue(outcome.reason().contains("interrupted close: obstruction sensed at"), outcome.reason());
        context.await("STOPPED", () -> "STOPPED".equals(context.value("state")));
        assertEquals(true, context.value("obstruction"));
    }

    @Test
    void anActionTheShutterDoesNotHaveIsRejected() throws Exception {
        openOnline();
        CommandOutcome outcome = run("unlock");
        assertEquals(OutcomeStatus.REJECTED, outcome.status());
        assertEquals("shutter shutter.test does not support action 'unlock'; it supports open, close and stop", outcome.reason());
    }

    @Test
    void aLostConnectionMakesEveryPointBadAndTheDeviceOfflineThenItReconnects() throws Exception {
        openOnline();
        simulator.dropConnections();
        context.await("OFFLINE", () -> context.lastStatus().state() == DeviceState.OFFLINE);
        assertEquals(StatusDetail.COMMUNICATION_ERROR, context.lastStatus().detail());
        assertTrue(context.lastStatus().reason().contains("127.0.0.1:" + simulator.port()), context.lastStatus().reason());
        context.await("every point BAD", () -> context.values.values().stream().allMatch(v -> v.quality() == Quality.BAD));
        simulator.acceptConnections();
        context.await("ONLINE again", () -> context.lastStatus().state() == DeviceState.ONLINE);
        assertEquals(Quality.GOOD, context.values.get("closed").quality());
    }

    @Test
    void aSilentControllerIsTakenAsLost() throws Exception {
        openOnline();
        simulator.silence();
        context.await("OFFLINE", () -> context.lastStatus().state() == DeviceState.OFFLINE);
        assertTrue(context.lastStatus().reason().contains("stopped answering"), context.lastStatus().reason());
        simulator.answer();
        context.await("ONLINE again", () -> context.lastStatus().state() == DeviceState.ONLINE);
    }

    @Test
    void aWrongPasswordGoesOfflineNamingTheSetting() throws Exception {
        open(shutter(simulator.port(), "not-it"));
        context.await("OFFLINE with a reason", () -> context.lastStatus().detail() == StatusDetail.COMMUNICATION_ERROR);
        assertTrue(context.lastStatus().reason().startsWith("controller 127.0.0.1:" + simulator.port()
                + " refused the password (ERR 403); check controller.password"), context.lastStatus().reason());
    }

    @Test
    void aShutterWithoutAHostIsRefusedWhenOpened() {
        DeviceDefinition device = shutter(1, "pw").toBuilder().properties(Map.of("controller.password", "pw")).build();
        RecordingContext c = new RecordingContext(device);
        try {
            assertThrows(IllegalArgumentException.class, () -> new ShutterWorksAdapter().open(device, c));
        } finally {
            c.close();
        }
    }

    @Test
    void malformedControllerLinesAreIgnoredAndTheSessionCarriesOn() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (Socket s = fake.accept()) {
                    OutputStream out = s.getOutputStream();
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    out.write("HELLO SWP/1.7 ExampleShutterWorks SW-200 9.9.9\n".getBytes(StandardCharsets.UTF_8));
                    in.readLine(); // LOGIN
                    out.write(("OK L\n" + "x".repeat(5000) + "\n"
                            + "STATE state=AJAR position=0 obstruction=0 closed=0\n"
                            + "STATE position=12.5\n"
                            + "garbage\u0007\n"
                            + "ok lower\n").getBytes(StandardCharsets.UTF_8));
                    out.write(new byte[] {(byte) 0xFF, (byte) 0xFE, '\n'});
                    out.write("NEWS from a later firmware\nSTATE state=STOPPED position=12.5 obstruction=0 closed=0 colour=red\n"
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    while (in.readLine() != null) {
                        // answer nothing more; the test ends by closing the handler
                    }
                } catch (IOException ignored) {
                    // the test closed us
                }
            }, "fake-controller");
            peer.start();
            open(shutter(fake.getLocalPort(), "pw"));
            context.await("ONLINE from the one good STATE", () -> context.lastStatus().state() == DeviceState.ONLINE);
            assertEquals("STOPPED", context.value("state"));
            assertEquals(12.5, context.value("pos"));
            handler.close();
            handler = null;
            peer.join(2000);
        }
    }
}
