package dev.yakata.tck;

import dev.yakata.tck.adapters.MemoryHvac;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/** The TCK's own test subjects: short limits, so the whole module's tests stay under a minute. */
final class Subjects {

    static final Limits SHORT = Limits.defaults().withCommand(Duration.ofMillis(1_500)).withOnline(Duration.ofSeconds(3))
            .withOffline(Duration.ofSeconds(3));

    static Path bundle(String name) {
        return Path.of("src/test/resources/bundles", name);
    }

    private Subjects() {
    }

    /** An air conditioner in memory, driven by {@code adapter}; with hooks on the wire and the answers if asked. */
    static AdapterUnderTest.Builder memory(Supplier<? extends MemoryHvac> adapter, boolean hooks) {
        MemoryHvac[] made = new MemoryHvac[2];
        int[] count = {0};
        Supplier<MemoryHvac> each = () -> {
            MemoryHvac a = adapter.get();
            made[Math.min(count[0]++, 1)] = a;
            return a;
        };
        AdapterUnderTest.Builder builder = AdapterUnderTest.of(MemoryHvac.ID, each).deviceFile(MemoryHvac.DEVICE_FILE)
                .bundleClasses(bundle("memory-hvac")).limits(SHORT).grace(Duration.ofSeconds(1));
        if (hooks) {
            // the hub serves the first instance the supplier made
            builder.disconnect(() -> made[0].connected.set(false), () -> made[0].connected.set(true))
                    .silence(() -> made[0].answering.set(false), () -> made[0].answering.set(true));
        }
        return builder;
    }
}
