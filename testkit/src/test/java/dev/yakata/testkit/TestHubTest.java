package dev.yakata.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.Test;

/** The testkit treats an adapter as the hub does. */
public class TestHubTest {

    private static final Issuer ISSUER = Issuer.of("t", Issuer.Channel.SHELL, "yakata-admin");
    private static final String DOOR = """
            device.id = door.t
            device.type = door
            adapter = t
            point.locked.kind = binary
            point.contact.kind = binary
            point.lock-cmd.kind = binary
            point.lock-cmd.writable = true
            action.lock = lock-cmd=true
            """;

    /** Publishes what a test tells it; records the commands it receives. */
    private static final class Adapter implements DeviceAdapter {
        final List<Command> received = new CopyOnWriteArrayList<>();
        volatile DeviceContext context;
        volatile long openMillis;

        @Override
        public DeviceHandler open(dev.yakata.api.device.DeviceDefinition device, DeviceContext ctx) throws Exception {
            Thread.sleep(openMillis);
            context = ctx;
            ctx.updateStatus(DeviceStatus.online());
            return new DeviceHandler() {
                @Override
                public CompletableFuture<CommandOutcome> execute(Command command) {
                    received.add(command);
                    return CompletableFuture.completedFuture(CommandOutcome.completed(command));
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    public void valuesAreConvertedAndRepeatsSkippedAndNothingCountsAfterClose() throws Exception {
        Adapter adapter = new Adapter();
        try (TestHub hub = new TestHub(adapter)) {
            RecordingDeviceContext context = hub.open(DOOR).context();
            adapter.context.publishValue("locked", PointValue.good(true));
            adapter.context.publishValue("locked", PointValue.good(true));
            adapter.context.publishValue("locked", PointValue.good(false));
            adapter.context.publishValue("contact", PointValue.good("closed"));
            adapter.context.publishValue("handle", PointValue.good(true));
            assertEquals(List.of(true, false), context.history("locked"));
            assertEquals(2, context.dropped.size());
            context.close();
            adapter.context.publishValue("locked", PointValue.good(true));
            assertEquals(List.of(true, false), context.history("locked"));
        }
    }

    @Test
    public void commandsAreCheckedDefaultedAndActionLanguageRunAsWrites() throws Exception {
        Adapter adapter = new Adapter();
        try (TestHub hub = new TestHub(adapter)) {
            hub.open(DOOR);
            assertEquals(OutcomeStatus.COMPLETED, hub.submit(Command.action("door.t", "unlock", Map.of(), ISSUER, "")).status());
            assertEquals(Map.of("seconds", 5L), adapter.received.get(0).arguments());
            CommandOutcome tooLong = hub.submit(Command.action("door.t", "unlock", Map.of("seconds", "601"), ISSUER, ""));
            assertTrue(tooLong.reason(), tooLong.reason().contains("seconds=601 is out of range"));
            assertEquals(OutcomeStatus.COMPLETED, hub.submit(Command.action("door.t", "lock", Map.of(), ISSUER, "")).status());
            Command write = adapter.received.get(1);
            assertEquals("lock-cmd", write.pointId());
            assertEquals(true, write.arguments().get(Command.VALUE));
            assertEquals(2, adapter.received.size());
        }
    }

    @Test
    public void anOpenBeyondTheHubsLimitFailsTheTest() throws Exception {
        Adapter adapter = new Adapter();
        adapter.openMillis = 500;
        try (TestHub hub = new TestHub(adapter, Duration.ofMillis(100), Duration.ofSeconds(1))) {
            hub.open(DOOR);
            fail("a slow open passed");
        } catch (AssertionError e) {
            assertTrue(e.getMessage(), e.getMessage().contains("took longer than 100 ms; the hub would set the device FAULT"));
        }
    }

    @Test
    public void aFileTheHubRefusesIsRefusedWithTheHubsSentence() {
        try {
            DeviceFiles.definition("device.type = door\nadapter = t\npoint.locked.kind = binary\n");
            fail("accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("the door profile needs a point for role 'contact'"));
        }
    }
}
