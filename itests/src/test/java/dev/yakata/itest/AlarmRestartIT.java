package dev.yakata.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.mqtt.client.MosquittoBroker;
import dev.yakata.opcua.common.NodePeer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.Test;

/**
 * An alarm and its record survive the hub's restart, and a SCADA client acknowledges it over OPC UA against the real
 * engine. The real distribution runs as its own process ({@link HubProcess}); a UPS on the test's own Mosquitto
 * reports on-battery, retained, so the field condition outlives the hub as a real UPS's does, and the demo alarm
 * {@code ups.on-battery} (etc/alarms/server-room.cfg, every device of the {@code ups} profile) watches it.
 *
 * <p>A node-opcua client subscribed to the Server object's events sees the alarm raised as an Alarms &amp; Conditions
 * event; a viewer's Acknowledge is refused (Bad_UserAccessDenied) and audited; an operator's, with a comment, goes
 * through the command policy to the engine. The operator shelves and unshelves it at the shell. The hub is stopped
 * ({@code bin/stop}) and started on the same {@code data/}: the alarm is ACTIVE_ACKED by the operator, not raised
 * again, and its history names who did each step and why. Then it is killed with SIGKILL once the store has caught
 * up, and started once more: the same again.
 */
public class AlarmRestartIT {

    private static final String UPS = "ups.itest-mqtt";
    private static final String ALARM = "ups.on-battery@" + UPS;
    private static final String TOPIC = "itest/ups/on-battery";
    private static final Pattern LAG = Pattern.compile("Journal lag:\\s+(\\d+) control events");

    @Test
    public void anAlarmAcknowledgedOverOpcUaShelvedAndUnshelvedSurvivesAStopAndAKillWithItsHistory() throws Exception {
        Path dir = Path.of("target/alarm-restart").toAbsolutePath();
        try (MosquittoBroker broker = new MosquittoBroker(dir.resolve("broker")).start();
                HubProcess hub = HubProcess.unpack(dir.resolve("hub"))) {
            hub.setConfig("dev.yakata.mqtt.bridge.cfg", "enabled", "false"); // nothing to the machine's 1883
            int opcuaPort = MosquittoBroker.freePort();
            hub.setConfig("dev.yakata.opcua.server.cfg", "port", String.valueOf(opcuaPort));
            Files.writeString(hub.etc().resolve("dev.yakata.device-" + UPS + ".cfg"), String.join("\n",
                    "device.type = ups", "device.profile = ups", "adapter = mqtt", "floor = 2F", "zone = L3",
                    "name = UPS on MQTT (itest)", "mqtt.broker = " + broker.url(),
                    "point.on-battery.kind = binary", "point.on-battery.address = " + TOPIC, ""));
            MqttClient ups = new MqttClient(broker.url(), "itest-ups", new MemoryPersistence());
            ups.connect(new MqttConnectionOptions());
            try {
                publish(ups, "false"); // on mains: no alarm yet
                hub.start();
                await("the MQTT UPS is ONLINE and reports on-battery", 120,
                        () -> quiet(() -> hub.shell("yakata:device-points " + UPS)).contains("on-battery"));
                await("the alarm engine has rebuilt from the (empty) record", 60,
                        () -> quiet(() -> hub.shell("yakata:alarm-status")).contains("rebuilt from"));
                String endpoint = "opc.tcp://127.0.0.1:" + opcuaPort + "/yakata";
                String raisedEventId;
                try (NodePeer operator = client(dir, "operator", endpoint);
                        NodePeer viewer = client(dir, "viewer", endpoint)) {
                    assertEquals("CONNECTED", answer(operator, "connect operator operator-demo", "CONNECT"));
                    assertEquals("EVENTS i=2253", answer(operator, "events i=2253", "EVENTS"));
                    int mark = operator.mark();
                    publish(ups, "true"); // the utility feed fails
                    String raised = awaitLine(operator, mark, eventOf("false"), "the raised alarm's A&C event");
                    assertEquals("ns=0;i=2915", NodePeer.eventField(raised, "EventType")); // AlarmConditionType
                    assertEquals(UPS, NodePeer.eventField(raised, "SourceName"));
                    assertEquals("UPS on battery: its input feed is lost", NodePeer.eventField(raised, "Message"));
                    assertEquals("700", NodePeer.eventField(raised, "Severity")); // high
                    assertEquals("true", NodePeer.eventField(raised, "ActiveState.Id"));
                    assertEquals("ups.on-battery", NodePeer.eventField(raised, "ConditionName"));
                    raisedEventId = NodePeer.eventField(raised, "EventId");
                    assertTrue(row(hub, ALARM), row(hub, ALARM).contains("ACTIVE_UNACKED"));

                    // A viewer sees it too (ConditionRefresh), and may not acknowledge it.
                    assertEquals("CONNECTED", answer(viewer, "connect viewer viewer-demo", "CONNECT"));
                    assertEquals("EVENTS i=2253", answer(viewer, "events i=2253", "EVENTS"));
                    int viewerMark = viewer.mark();
                    assertEquals("REFRESHED Good", answer(viewer, "refresh", "REFRESHED"));
                    String seen = awaitLine(viewer, viewerMark, eventOf("false"), "the alarm on the viewer's refresh");
                    assertEquals("ACKED BadUserAccessDenied", answer(viewer, "ack " + NodePeer.eventField(seen, "ConditionId") + " "
                            + NodePeer.eventField(seen, "EventId") + " not mine to acknowledge", "ACKED"));
                    assertTrue("the viewer's refusal leaves the alarm unacknowledged: " + row(hub, ALARM),
                            row(hub, ALARM).contains("ACTIVE_UNACKED"));

                    mark = operator.mark();
                    assertEquals("ACKED Good", answer(operator, "ack " + NodePeer.eventField(raised, "ConditionId") + " "
                            + raisedEventId + " generator starting, facilities called", "ACKED"));
                    String acked = awaitLine(operator, mark, eventOf("true"), "the acknowledged alarm's A&C event");
                    assertEquals("generator starting, facilities called", NodePeer.eventField(acked, "Comment"));
                    assertEquals("operator", NodePeer.eventField(acked, "ClientUserId"));
                    answer(operator, "disconnect", "DISCONNECTED");
                    answer(viewer, "disconnect", "DISCONNECTED");
                }
                String acked = row(hub, ALARM);
                assertTrue(acked, acked.contains("ACTIVE_ACKED") && acked.contains("operator: generator starting"));
                // The refused acknowledge is in the audit trail as the viewer's, over OPC UA.
                String audit = "yakata:audit-list --no-format --last 1h --user viewer --channel OPCUA";
                awaitTrue("the viewer's refused Acknowledge is audited", 30, () -> quiet(() -> hub.shell(audit))
                        .lines().anyMatch(l -> l.contains("acknowledge") && l.contains("alarms")),
                        () -> quiet(() -> hub.shell(audit)));

                shellAsOperator(hub, "yakata:alarm-shelve --minutes 30 --reason \"UPS vendor on site\" " + ALARM);
                assertTrue(row(hub, ALARM, "--show shelved"), row(hub, ALARM, "--show shelved").contains("shelved until"));
                shellAsOperator(hub, "yakata:alarm-unshelve --reason \"vendor left, watching it\" " + ALARM);
                String before = row(hub, ALARM);
                assertTrue(before, before.contains("ACTIVE_ACKED") && !before.contains("shelved"));
                String historyBefore = history(hub);
                assertSteps(historyBefore);

                // A normal stop, and a start on the same data/.
                hub.stop();
                hub.start();
                assertRestored(hub, before, "after bin/stop and a start");

                // kill -9 once the store has stored everything the journal holds, and a start again.
                await("the store has caught up with the journal", 60, () -> {
                    String status = quiet(() -> hub.shell("yakata:store-status"));
                    Matcher m = LAG.matcher(status);
                    return status.contains("Writing:            yes") && m.find() && m.group(1).equals("0");
                });
                long killed = hub.kill();
                System.out.println("alarm restart: SIGKILL to the hub's Java process " + killed);
                hub.start();
                assertRestored(hub, before, "after kill -9 and a start");
            } finally {
                ups.disconnect();
                ups.close();
                hub.stop();
            }
        }
    }

    /** The restarted hub shows the alarm as it was, raised once only, with every step in its history. */
    private static void assertRestored(HubProcess hub, String before, String when) throws Exception {
        await("the restarted alarm engine has rebuilt from the record " + when, 120,
                () -> quiet(() -> hub.shell("yakata:alarm-status")).contains("rebuilt from"));
        String status = hub.shell("yakata:alarm-status");
        System.out.println("alarm restart: " + when + ": " + status.strip().replace('\n', ' '));
        await("the UPS reports again " + when, 60,
                () -> quiet(() -> hub.shell("yakata:device-points " + UPS)).lines()
                        .anyMatch(l -> l.contains("on-battery") && l.contains("true")));
        Thread.sleep(2_000); // the engine has the UPS's value: a restore gone wrong would show as a new alarm.raised
        String after = row(hub, ALARM);
        assertEquals("the alarm's row " + when + " (status: " + status + ")", columns(before), columns(after));
        String history = history(hub);
        assertSteps(history);
        assertEquals("raised once only, not again " + when + ":\n" + history, 1,
                history.lines().filter(l -> l.contains("alarm.raised")).count());
    }

    /** Who did each step and why, in the alarm's history. */
    private static void assertSteps(String history) {
        assertTrue(history, history.lines().anyMatch(l -> l.contains("alarm.raised") && l.contains("ACTIVE_UNACKED")));
        assertTrue(history, history.lines().anyMatch(l -> l.contains("alarm.acknowledged") && l.contains("ACTIVE_ACKED")
                && l.contains("operator") && l.contains("generator starting, facilities called")));
        assertTrue(history, history.lines().anyMatch(l -> l.contains("alarm.shelved") && l.contains("operator")
                && l.contains("UPS vendor on site")));
        assertTrue(history, history.lines().anyMatch(l -> l.contains("alarm.unshelved") && l.contains("operator")
                && l.contains("vendor left, watching it")));
    }

    /** A list row with its padding collapsed (the column widths follow the other rows). */
    private static String columns(String row) {
        return row.replaceAll("\\s+", " ").trim();
    }

    private static String history(HubProcess hub) throws Exception {
        return hub.shell("operator", "operator-demo", "yakata:alarm-history " + ALARM);
    }

    private static String row(HubProcess hub, String alarm) throws Exception {
        return row(hub, alarm, "--all");
    }

    private static String row(HubProcess hub, String alarm, String show) throws Exception {
        String list = hub.shell("operator", "operator-demo", "yakata:alarm-list " + show);
        return list.lines().filter(l -> l.trim().startsWith(alarm + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + alarm + " in yakata:alarm-list " + show + ":\n"
                        + list));
    }

    private static void shellAsOperator(HubProcess hub, String command) throws Exception {
        String out = hub.shell("operator", "operator-demo", command);
        assertTrue(command + " printed:\n" + out, out.contains(ALARM) && !out.contains("REJECTED")
                && !out.contains("FAILED"));
    }

    private static void publish(MqttClient ups, String onBattery) throws Exception {
        ups.publish(TOPIC, onBattery.getBytes(StandardCharsets.UTF_8), 1, true); // retained, as a UPS's state is
    }

    private static NodePeer client(Path dir, String user, String endpoint) throws Exception {
        return NodePeer.start("hub-client.js", 0, "--endpoint", endpoint, "--pki",
                dir.resolve("client-pki-" + user).toString());
    }

    private static Predicate<String> eventOf(String ackedState) {
        return l -> l.startsWith("EVENT ") && l.contains(";s=alarm/" + ALARM + "\"")
                && NodePeer.eventField(l, "AckedState.Id").equals(ackedState);
    }

    private static String answer(NodePeer peer, String command, String prefix) throws Exception {
        int mark = peer.mark();
        peer.send(command);
        return awaitLine(peer, mark, l -> l.startsWith(prefix), prefix + " to " + command);
    }

    private static String awaitLine(NodePeer peer, int mark, Predicate<String> wanted, String what) throws Exception {
        long deadline = System.currentTimeMillis() + NodePeer.WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            List<String> lines = peer.lines();
            for (int i = mark; i < lines.size(); i++) {
                if (wanted.test(lines.get(i))) {
                    return lines.get(i);
                }
                if (lines.get(i).startsWith("ERROR")) {
                    throw new AssertionError(lines.get(i) + " while waiting for " + what);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + what + "; the client printed " + peer.lines().subList(mark, peer.lines().size()));
    }


    private interface ShellCall {
        String call() throws Exception;
    }

    /** What a shell command printed, or "" while the hub is not answering yet. */
    private static String quiet(ShellCall call) {
        try {
            return call.call();
        } catch (Exception notYet) {
            return "";
        }
    }

    private static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        awaitTrue(what, seconds, condition, () -> "");
    }

    private static void awaitTrue(String what, int seconds, BooleanSupplier condition, Supplier<String> detail)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting until " + what + ". " + detail.get());
            }
            Thread.sleep(250);
        }
    }

}
