package dev.yakata.alarms.internal;

import static org.junit.Assert.fail;

import dev.yakata.alarms.rules.AlarmEngine;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.profile.Profiles;
import dev.yakata.testkit.RecordingDeviceContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Starts the alarms runtime as the component does, and talks to its device as an operator would. */
final class Harness {

    static final DeviceDefinition ALARMS = DeviceDefinition.builder("alarms", Profiles.ALARM_MANAGEMENT, "alarms")
            .profile(Profiles.ALARM_MANAGEMENT).build();

    private Harness() {
    }

    static AlarmSettings settings(Path folder, boolean store) {
        return new AlarmSettings(folder, Duration.ofMillis(50), Duration.ofMillis(50), ZoneId.of("Asia/Tokyo"),
                Duration.ofDays(90), Duration.ofHours(8), Duration.ofSeconds(store ? 60 : 0));
    }

    static AlarmsRuntime start(Path folder, JournalBus bus, TestRegistry registry) {
        AlarmsRuntime runtime = new AlarmsRuntime(settings(folder, bus.store != null), bus, registry, new TestRegistry.Profiles(),
                Clock.systemUTC());
        if (bus.store != null) {
            runtime.record().store(bus.store.store());
        }
        registry.alarms = runtime.adapter().open(ALARMS, new RecordingDeviceContext(ALARMS));
        runtime.start();
        return runtime;
    }

    /** Submits an action of the alarms device as {@code user}, waiting for its outcome. */
    static CommandOutcome act(TestRegistry registry, String user, String action, Object... keysAndValues) throws Exception {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            arguments.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        Command command = Command.builder(AlarmEngine.SOURCE, action).arguments(arguments)
                .issuer(Issuer.of(user, Issuer.Channel.SHELL, "yakata-operator")).build();
        return registry.submit(command).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static DeviceHandler handler(TestRegistry registry) {
        return registry.alarms;
    }

    static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("waited 30 s for: " + what.get());
            }
            Thread.sleep(20);
        }
    }
}
