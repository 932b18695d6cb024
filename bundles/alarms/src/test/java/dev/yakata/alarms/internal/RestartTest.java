package dev.yakata.alarms.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.alarms.rules.AlarmState;
import dev.yakata.alarms.rules.AlarmView;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.event.EventTypes;
import dev.yakata.store.internal.RealStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The alarms live in the real store (H2) and come back, with their history, after the hub restarts. */
public class RestartTest {

    static final String ID = "ups.on-battery@ups.2f.server-room";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path alarms;
    private Path storeFolder;
    private final TestRegistry registry = new TestRegistry()
            .device("ups.2f.server-room", "ups", Map.of("on-battery", PointKind.BINARY, "charge", PointKind.ANALOG));

    private AlarmsRuntime firstRun(RealStore store, JournalBus bus) throws Exception {
        alarms = tmp.newFolder("alarms").toPath();
        Files.writeString(alarms.resolve("ups.cfg"), "alarm ups.on-battery high point ups.2f.server-room/on-battery equals true\n");
        registry.value("ups.2f.server-room", "on-battery", true);
        AlarmsRuntime runtime = Harness.start(alarms, bus, registry);
        Harness.await(() -> state(runtime) == AlarmState.ACTIVE_UNACKED, () -> "the alarm raised: " + runtime.engine().list());
        return runtime;
    }

    private static AlarmState state(AlarmsRuntime runtime) {
        return runtime.engine().list().stream().filter(a -> a.id().equals(ID)).map(AlarmView::state).findFirst().orElse(null);
    }

    private static void stop(AlarmsRuntime runtime, RealStore store) throws Exception {
        runtime.close();
        Harness.await(() -> store.store().status().journalLag() == 0, () -> "the store caught up: " + store.store().status());
        store.close();
    }

    @Test
    public void anAlarmAcknowledgedShelvedAndUnshelvedSurvivesARestartWithItsHistory() throws Exception {
        storeFolder = tmp.newFolder("store").toPath();
        RealStore store = RealStore.open(storeFolder);
        JournalBus bus = new JournalBus(store);
        AlarmsRuntime first = firstRun(store, bus);
        assertTrue(Harness.act(registry, "sato", "acknowledge", "alarm", ID, "comment", "on generator").isSuccess());
        assertTrue(Harness.act(registry, "sato", "shelve", "alarm", ID, "minutes", 30L, "reason", "UPS service").isSuccess());
        assertTrue(Harness.act(registry, "suzuki", "unshelve", "alarm", ID, "reason", "service done").isSuccess());
        stop(first, store);

        RealStore again = RealStore.open(storeFolder);
        JournalBus bus2 = new JournalBus(again);
        AlarmsRuntime second = Harness.start(alarms, bus2, registry);
        try {
            Harness.await(() -> state(second) == AlarmState.ACTIVE_ACKED, () -> "the alarm rebuilt: " + second.engine().list());
            AlarmView alarm = second.engine().alarm(ID);
            assertEquals("sato", alarm.acknowledgedBy());
            assertEquals("on generator", alarm.comment());
            assertFalse(alarm.shelved());
            assertTrue(alarm.active());
            assertEquals("the rebuilt alarm is not raised again", List.of(), bus2.types("alarm."));

            CommandOutcome history = Harness.act(registry, "viewer", "history", "alarm", ID);
            assertTrue(history.reason(), history.isSuccess());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) history.data().get("history");
            assertEquals(List.of(EventTypes.ALARM_RAISED, EventTypes.ALARM_ACKNOWLEDGED, EventTypes.ALARM_SHELVED,
                    EventTypes.ALARM_UNSHELVED), rows.stream().map(r -> r.get("event")).toList());
            assertEquals(List.of("alarms", "sato", "sato", "suzuki"), rows.stream().map(r -> r.get("user")).toList());
            assertEquals("UPS service", rows.get(2).get("comment"));
        } finally {
            stop(second, again);
        }
    }

    @Test
    public void anAlarmWhoseConditionEndedWhileTheHubWasDownIsClearedAfterTheRestart() throws Exception {
        storeFolder = tmp.newFolder("store").toPath();
        RealStore store = RealStore.open(storeFolder);
        JournalBus bus = new JournalBus(store);
        AlarmsRuntime first = firstRun(store, bus);
        assertTrue(Harness.act(registry, "sato", "acknowledge", "alarm", ID).isSuccess());
        stop(first, store);

        registry.value("ups.2f.server-room", "on-battery", false);
        RealStore again = RealStore.open(storeFolder);
        JournalBus bus2 = new JournalBus(again);
        AlarmsRuntime second = Harness.start(alarms, bus2, registry);
        try {
            Harness.await(() -> bus2.types("alarm.").contains(EventTypes.ALARM_CLEARED), () -> "cleared: " + bus2.published);
            assertEquals(AlarmState.NORMAL, state(second));
            CommandOutcome load = Harness.act(registry, "viewer", "load");
            assertTrue(load.reason(), load.isSuccess());
            assertEquals(1L, load.data().get("alarms"));
        } finally {
            stop(second, again);
        }
    }
}
