package dev.yakata.alarms.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.alarms.rules.AlarmState;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.PointKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Saved alarm files apply at once; a file with an error keeps the previous ones in force and says where it is wrong. */
public class ConfigReloadTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final TestRegistry registry = new TestRegistry()
            .device("ups.2f.server-room", "ups", Map.of("on-battery", PointKind.BINARY, "charge", PointKind.ANALOG));
    private final JournalBus bus = new JournalBus(null);
    private AlarmsRuntime runtime;

    @After
    public void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    public void aBrokenSaveKeepsThePreviousAlarmsAndAFixedSaveAppliesWithinASecond() throws Exception {
        Path folder = tmp.newFolder("alarms").toPath();
        Path file = folder.resolve("ups.cfg");
        Files.writeString(file, "alarm ups.on-battery high point ups.2f.server-room/on-battery equals true\n");
        runtime = Harness.start(folder, bus, registry);
        Harness.await(() -> runtime.status().loaded(), () -> "loaded: " + runtime.status().sentence());

        Files.writeString(file, "alarm ups.on-battery high point ups.2f.server-room/on-battery equals true\n"
                + "alarm ups.charge-low urgent point ups.2f.server-room/charge below fifty\n");
        Harness.await(() -> !runtime.status().problem().isEmpty(), () -> "refused: " + runtime.status().sentence());
        assertTrue(runtime.status().problem(), runtime.status().problem().startsWith("ups.cfg:2: below needs a number"));
        assertEquals(1, runtime.engine().config().conditions().size());
        assertTrue(bus.types("alarms.config.").contains(AlarmFiles.CONFIG_FAILED));
        CommandOutcome status = Harness.act(registry, "viewer", "status");
        assertTrue(String.valueOf(status.data().get("files")), String.valueOf(status.data().get("files")).contains("ups.cfg:2"));

        long saved = System.nanoTime();
        Files.writeString(file, "alarm ups.on-battery high point ups.2f.server-room/on-battery equals true\n"
                + "alarm ups.charge-low urgent point ups.2f.server-room/charge below 50\n");
        Harness.await(() -> runtime.engine().config().conditions().size() == 2, () -> "reloaded: " + runtime.status().sentence());
        System.out.printf("alarm files reloaded %d ms after the save (target: within 1 s)%n", (System.nanoTime() - saved) / 1_000_000);
        Harness.await(() -> runtime.status().problem().isEmpty(), () -> "the problem gone: " + runtime.status().sentence());
    }

    @Test
    public void aLineNamingADeviceNotYetConfiguredIsRefusedThenAcceptedWhenTheDeviceAppears() throws Exception {
        Path folder = tmp.newFolder("alarms").toPath();
        Files.writeString(folder.resolve("hvac.cfg"), "alarm temp-high high point hvac.2f.server-room/supply-temp above 27\n");
        runtime = Harness.start(folder, bus, registry);
        Harness.await(() -> !runtime.status().problem().isEmpty(), () -> "refused: " + runtime.status().sentence());
        assertTrue(runtime.status().problem(), runtime.status().problem().contains("no device 'hvac.2f.server-room' is configured"));

        registry.value("hvac.2f.server-room", "supply-temp", 28.5);
        registry.device("hvac.2f.server-room", "hvac", Map.of("supply-temp", PointKind.ANALOG));
        Harness.await(() -> runtime.status().loaded(), () -> "loaded: " + runtime.status().sentence());
        Harness.await(() -> !runtime.engine().list().isEmpty()
                && runtime.engine().list().get(0).state() == AlarmState.ACTIVE_UNACKED,
                () -> "raised from the registry's current value: " + runtime.engine().list());
        assertNotNull(runtime.engine().alarm("temp-high@hvac.2f.server-room"));
    }

    @Test
    public void aProfileConditionCoversADeviceConfiguredAfterTheFilesLoaded() throws Exception {
        Path folder = tmp.newFolder("alarms").toPath();
        Files.writeString(folder.resolve("ups.cfg"), "alarm ups.on-battery high role ups/on-battery equals true\n");
        runtime = Harness.start(folder, bus, registry);
        Harness.await(() -> runtime.engine().list().size() == 1, () -> "one UPS alarm: " + runtime.engine().list());
        registry.value("ups.3f.closet", "on-battery", true);
        registry.device("ups.3f.closet", "ups", Map.of("on-battery", PointKind.BINARY));
        Harness.await(() -> runtime.engine().list().stream().anyMatch(a -> a.id().equals("ups.on-battery@ups.3f.closet")
                && a.state() == AlarmState.ACTIVE_UNACKED), () -> "the new UPS's alarm raised: " + runtime.engine().list());
    }

    @Test
    public void anOperatorsCommandThatCannotBeDoneIsRejectedWithItsReason() throws Exception {
        Path folder = tmp.newFolder("alarms").toPath();
        Files.writeString(folder.resolve("ups.cfg"), "alarm ups.on-battery high point ups.2f.server-room/on-battery equals true\n");
        runtime = Harness.start(folder, bus, registry);
        Harness.await(() -> runtime.status().loaded(), () -> "loaded");
        CommandOutcome ack = Harness.act(registry, "sato", "acknowledge", "alarm", "ups.on-battery");
        assertEquals(dev.yakata.api.command.OutcomeStatus.REJECTED, ack.status());
        assertTrue(ack.reason(), ack.reason().contains("is NORMAL: there is nothing to acknowledge"));
        CommandOutcome shelve = Harness.act(registry, "sato", "shelve", "alarm", "ups.on-battery", "minutes", 600L, "reason", "x");
        assertTrue(shelve.reason(), shelve.reason().contains("1 to 480 minutes"));
        CommandOutcome history = Harness.act(registry, "sato", "history");
        assertEquals("the record is missing, not the input wrong", dev.yakata.api.command.OutcomeStatus.FAILED, history.status());
        assertTrue(history.reason(), history.reason().contains("the event store is not running"));
    }
}
