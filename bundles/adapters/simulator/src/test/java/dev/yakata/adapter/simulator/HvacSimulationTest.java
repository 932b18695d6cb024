package dev.yakata.adapter.simulator;

import dev.yakata.testkit.RecordingDeviceContext;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

public class HvacSimulationTest {

    private final SimulatorAdapter adapter = new SimulatorAdapter();
    private RecordingDeviceContext context;
    private SimulatedDevice hvac;

    private void open(String... properties) throws Exception {
        var device = Devices.simulated("hvac.2f.server-room", SimModel.HVAC, properties);
        context = new RecordingDeviceContext(device);
        hvac = (SimulatedDevice) adapter.open(device, context);
        context.awaitOnline();
    }

    @After
    public void tearDown() throws Exception {
        hvac.close();
        context.close();
    }

    private CommandOutcome writeSetpoint(double value) throws Exception {
        return hvac.execute(Devices.write(hvac.device, "setpoint", value))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    public void setpointWriteOutOfRangeIsRejectedWithTheRange() throws Exception {
        open();
        CommandOutcome outcome = writeSetpoint(35.0);
        assertEquals(OutcomeStatus.REJECTED, outcome.status());
        assertTrue(outcome.reason(), outcome.reason().contains("between 16.0 and 30.0"));
        assertEquals(21.0, context.last("setpoint"));
    }

    @Test
    public void setpointWriteInRangeMovesTheSupplyAir() throws Exception {
        open();
        assertEquals(OutcomeStatus.COMPLETED, writeSetpoint(18.0).status());
        assertEquals(18.0, context.last("setpoint"));
        context.awaitValue("supply-temp", t -> (Double) t < 18.6);
    }

    @Test
    public void supplyAirStaysNearTheSetpointWithPlausibleHumidity() throws Exception {
        open();
        Thread.sleep(300);
        for (Object t : context.history("supply-temp")) {
            assertTrue("supply " + t, (Double) t > 19 && (Double) t < 23);
        }
        for (Object h : context.history("humidity")) {
            assertTrue("humidity " + h, (Double) h >= 40 && (Double) h <= 55);
        }
        assertEquals(1L, context.last("crac-status"));
    }

    @Test
    public void temperatureRiseStopsTheCoolingAndTheSupplyAirClimbsUntilItIsCleared() throws Exception {
        open();
        hvac.inject("temperature-rise");
        context.awaitValue("crac-status", Long.valueOf(3)::equals);
        context.awaitValue("supply-temp", t -> (Double) t > 23);

        hvac.clear("temperature-rise");
        context.awaitValue("crac-status", Long.valueOf(1)::equals);
        // the unit reports values; the hub's alarm engine (etc/alarms/server-room.cfg) decides the alarms
        assertTrue(context.events(EventTypes.ALARM_RAISED).isEmpty());
    }
}
