package dev.yakata.adapter.simulator;

import dev.yakata.tck.AdapterContractTest;
import dev.yakata.tck.AdapterUnderTest;
import dev.yakata.tck.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulator adapter against the adapter contract (yakata-adapter-tck), playing the demo building's counter 1 shutter
 * (config/etc, ticking faster). Silence is the model's {@code stuck} fault: a motor that takes commands and never
 * answers. The simulator has no fault that loses the connection (a simulated device has none to lose), so the
 * disconnection clause is not checked here.
 */
class SimulatorContractTest extends AdapterContractTest {

    private static final String SHUTTER = "shutter.1f.counter-1";

    /** Every adapter the TCK made: the hub keeps the first, the second registers under the same id and is ignored. */
    private final List<SimulatorAdapter> made = new CopyOnWriteArrayList<>();

    @Override
    protected AdapterUnderTest adapterUnderTest() {
        return AdapterUnderTest.of(SimulatorAdapter.ADAPTER, () -> {
                    SimulatorAdapter adapter = new SimulatorAdapter();
                    made.add(adapter);
                    return adapter;
                })
                .deviceFile(Path.of("src/test/resources/dev.yakata.device-" + SHUTTER + ".cfg"))
                .silence(() -> fault(true), () -> fault(false))
                // a stuck motor's command has to wait out the command limit: keep it short
                .limits(Limits.defaults().withCommand(Duration.ofSeconds(2)))
                .build();
    }

    /** Injects or clears {@code stuck} on the adapter that drives the shutter now (the device is reopened while mute). */
    private void fault(boolean inject) {
        for (SimulatorAdapter adapter : made) {
            if (adapter.simulatedDevices().contains(SHUTTER)) {
                if (inject) {
                    adapter.inject(SHUTTER, "stuck");
                } else {
                    adapter.clear(SHUTTER, "stuck");
                }
                return;
            }
        }
        if (inject) {
            throw new IllegalStateException("no simulator adapter drives " + SHUTTER + " (made " + made.size() + ")");
        }
    }
}
