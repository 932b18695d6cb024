package dev.yakata.adapter.simulator;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.event.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A load source: every tick it publishes {@code sim.eventsPerTick} events of type {@value #EVENT_TYPE} numbered
 * 1, 2, 3 ... within a run (a new run each time the device opens), so that a consumer can prove it got every event
 * once and in order. At close it logs how many it published in the run, so a test can check the tail as well.
 */
final class LoadSimulation extends SimulatedDevice {

    static final String EVENT_TYPE = "sim.load";
    static final String EVENTS_PER_TICK = "sim.eventsPerTick";
    private static final Logger LOG = LoggerFactory.getLogger(LoadSimulation.class);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final long eventsPerTick;
    private long sequence;

    LoadSimulation(DeviceDefinition device, DeviceContext context) {
        super(SimModel.LOAD, device, context);
        this.eventsPerTick = positiveLong(EVENTS_PER_TICK, 1);
    }

    @Override
    protected void publishInitialValues() {
        LOG.info("Simulated load source {}: run {} starts, {} events every {} ms", device.id(), run, eventsPerTick, tickMillis);
    }

    @Override
    protected void tick() {
        for (long i = 0; i < eventsPerTick; i++) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("run", run);
            data.put("seq", ++sequence);
            event(EVENT_TYPE, Severity.INFO, data);
        }
    }

    @Override
    protected void onClosing() {
        LOG.info("Simulated load source {}: run {} published {} events", device.id(), run, sequence);
    }

    @Override
    protected void faultInjected(String fault) {
    }

    @Override
    protected void faultCleared(String fault) {
    }
}
