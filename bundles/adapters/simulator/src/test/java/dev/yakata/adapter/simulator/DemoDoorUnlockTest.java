package dev.yakata.adapter.simulator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.testkit.DeviceFiles;
import dev.yakata.testkit.RecordingDeviceContext;
import dev.yakata.testkit.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** A demo door driven as the hub drives it: the demo file, the core's checks, and the operator's typed argument. */
public class DemoDoorUnlockTest {

    private static final Issuer OPERATOR = Issuer.of("test", Issuer.Channel.SHELL, "yakata-operator");

    @Test
    public void unlockSecondsThreeAsTypedInTheShellKeepsTheDemoDoorUnlockedForThreeSeconds() throws Exception {
        try (TestHub hub = new TestHub(new SimulatorAdapter())) {
            RecordingDeviceContext context = hub.open(DeviceFiles.read(
                    Path.of("../../../config/etc/dev.yakata.device-door.1f.back-office.cfg")), Duration.ofSeconds(10)).context();
            context.awaitOnline();
            CommandOutcome outcome = hub.submit(Command.action("door.1f.back-office", "unlock", Map.of("seconds", "3"),
                    OPERATOR, "delivery"));
            long released = System.nanoTime();
            assertEquals(outcome.reason(), OutcomeStatus.COMPLETED, outcome.status());
            assertEquals(false, context.last("locked"));
            context.awaitValue("locked", Boolean.TRUE::equals);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released);
            assertTrue("unlocked for " + millis + " ms", millis >= 2_900 && millis <= 4_500);
        }
    }
}
