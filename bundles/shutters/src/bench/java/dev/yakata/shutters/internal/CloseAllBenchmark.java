package dev.yakata.shutters.internal;

import dev.yakata.adapter.simulator.SimulatorAdapter;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.api.EventBus;
import dev.yakata.bus.api.LaneStatistics;
import dev.yakata.core.internal.RealCore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * "Close all" over N simulated shutters (default 50), through the core's real lifecycle, policy and interlock and the
 * real simulator: (a) from the close-group request to the last shutter's close dispatched ({@code command.issued}),
 * and (b) from the last shutter's closed limit ({@code point.changed closed=true}) to the group's summary. Baseline, in
 * the same run: N individual closes submitted directly through the DeviceRegistry, (a) request to the last dispatched
 * and (b) last closed limit to the last close's outcome event. Reports the numbers; asserts nothing.
 *
 * <p>Arguments: {@code [shutters] [rounds]}.
 */
public final class CloseAllBenchmark {

    /** Records when the events the benchmark measures were published, then hands them to the listening bus. */
    static final class TimingBus implements EventBus {
        final ListeningBus delegate = new ListeningBus();
        final Map<String, Long> lastIssued = new ConcurrentHashMap<>();
        volatile long lastIssuedNanos;
        volatile long lastClosedNanos;
        volatile long lastCompletedNanos;
        volatile long summaryNanos;
        volatile String summaryCorrelation = "";

        @Override
        public boolean publish(Event event) {
            long now = System.nanoTime();
            switch (event.type()) {
                case EventTypes.COMMAND_ISSUED -> {
                    if ("close".equals(event.data().get("action"))) {
                        lastIssuedNanos = now;
                    }
                }
                case EventTypes.POINT_CHANGED -> {
                    if ("closed".equals(event.subject()) && Boolean.TRUE.equals(event.data().get("value"))) {
                        lastClosedNanos = now;
                    }
                }
                case EventTypes.COMMAND_COMPLETED -> {
                    if ("close".equals(event.data().get("action"))) {
                        lastCompletedNanos = now;
                    }
                }
                case ShutterEventTypes.GROUP_SUMMARY -> {
                    summaryNanos = now;
                    summaryCorrelation = event.correlationId();
                }
                default -> { }
            }
            // The benchmark keeps no event list: it would grow by thousands per round.
            return delegate.publishWithoutKeeping(event);
        }

        @Override
        public List<LaneStatistics> statistics() {
            return List.of();
        }
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int warmup = Math.min(5, rounds / 3);
        Path folder = Files.createTempDirectory("yakata-shutters-bench");
        StringBuilder members = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            members.append(i == 1 ? "" : ",").append("shutter.bench.").append(i);
        }
        Files.writeString(folder.resolve("shutters.cfg"), "group all shutters " + members + "\n");
        TimingBus bus = new TimingBus();
        String policy = Files.readString(Path.of("..", "..", "config", "etc", "yakata.policy"));
        RealCore core = new RealCore(bus, policy, 30_000);
        ShuttersRuntime runtime = new ShuttersRuntime(new ShuttersRuntime.Settings(folder.resolve("shutters.cfg"),
                folder.resolve("state"), ZoneId.of("Asia/Tokyo"), 500, 100), bus, core.registry(), Clock.systemUTC());
        bus.delegate.subscribe(runtime.supervisor(), EventTypes.POINT_CHANGED, "command.*", EventTypes.DEVICE_STATUS);
        core.interlock(runtime.supervisor());
        core.adapter("simulator", new SimulatorAdapter());
        core.adapter("shutters", runtime.adapter());
        core.device("shutters", Map.of("device.id", "shutters", "device.type", "shutter-control", "adapter", "shutters"));
        for (int i = 1; i <= count; i++) {
            Map<String, Object> keys = new HashMap<>();
            keys.put("device.id", "shutter.bench." + i);
            keys.put("device.type", "shutter");
            keys.put("adapter", "simulator");
            keys.put("zone", "L1");
            keys.put("sim.model", "shutter");
            keys.put("sim.tickMillis", "20");
            keys.put("sim.travelSeconds", "0.3");
            keys.put("shutter.travelSeconds", "5");
            keys.put("point.position.kind", "analog");
            keys.put("point.state.kind", "text");
            keys.put("point.obstruction.kind", "binary");
            keys.put("point.closed.kind", "binary");
            core.device("shutter.bench." + i, keys);
        }
        runtime.start();
        await("every device ONLINE", () -> core.registry().devices().stream()
                .allMatch(d -> d.status().state() == DeviceState.ONLINE), 30);
        Thread.sleep(1500); // the supervisor's refresh has seen them all
        Issuer operator = Issuer.of("bench", Issuer.Channel.SHELL, "yakata-operator");

        List<Double> groupDispatch = new ArrayList<>();
        List<Double> groupSummary = new ArrayList<>();
        List<Double> baseDispatch = new ArrayList<>();
        List<Double> baseOutcome = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            // group: open all, then close all through the shutters device
            openAll(core, operator, count);
            Command close = Command.builder("shutters", "close-group").argument("group", "all").issuer(operator).build();
            long start = System.nanoTime();
            core.registry().submit(close).toCompletableFuture().get(30, TimeUnit.SECONDS);
            await("the summary", () -> bus.summaryCorrelation.equals(close.id()), 30);
            if (round >= warmup) {
                groupDispatch.add((bus.lastIssuedNanos - start) / 1e6);
                groupSummary.add((bus.summaryNanos - bus.lastClosedNanos) / 1e6);
            }
            // baseline: open all, then N closes submitted one by one through the registry
            openAll(core, operator, count);
            List<java.util.concurrent.CompletableFuture<?>> outcomes = new ArrayList<>();
            long baseStart = System.nanoTime();
            for (int i = 1; i <= count; i++) {
                outcomes.add(core.registry().submit(Command.builder("shutter.bench." + i, "close").issuer(operator).build())
                        .toCompletableFuture());
            }
            for (var outcome : outcomes) {
                outcome.get(30, TimeUnit.SECONDS);
            }
            Thread.sleep(50); // the last outcome's event is published just after its stage completes
            if (round >= warmup) {
                baseDispatch.add((bus.lastIssuedNanos - baseStart) / 1e6);
                baseOutcome.add((bus.lastCompletedNanos - bus.lastClosedNanos) / 1e6);
            }
        }
        System.out.printf("close all over %d shutters, %d rounds after %d warm-up (ms: median / max)%n", count,
                rounds - warmup, warmup);
        System.out.printf("  close-group: request -> every close dispatched   %s   (target <= 50 ms)%n", stats(groupDispatch));
        System.out.printf("  close-group: last closed limit -> summary        %s   (target <= 50 ms)%n", stats(groupSummary));
        System.out.printf("  baseline, %d closes via DeviceRegistry.submit: request -> every close dispatched  %s%n", count,
                stats(baseDispatch));
        System.out.printf("  baseline: last closed limit -> last close's outcome event                   %s%n",
                stats(baseOutcome));
        runtime.close();
        core.close();
        bus.delegate.close();
        System.exit(0);
    }

    private static void openAll(RealCore core, Issuer operator, int count) throws Exception {
        Set<String> open = ConcurrentHashMap.newKeySet();
        List<java.util.concurrent.CompletableFuture<?>> outcomes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            outcomes.add(core.registry().submit(Command.builder("shutter.bench." + i, "open").issuer(operator).build())
                    .toCompletableFuture());
        }
        for (var outcome : outcomes) {
            outcome.get(30, TimeUnit.SECONDS);
        }
        await("every shutter OPEN", () -> {
            for (int i = 1; i <= count; i++) {
                var state = core.registry().values("shutter.bench." + i).get("state");
                if (state == null || !"OPEN".equals(state.value())) {
                    return false;
                }
            }
            return true;
        }, 30);
        Thread.sleep(300); // the supervisor has settled them too
        open.clear();
    }

    private static String stats(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return "n/a";
        }
        return String.format("%7.2f / %7.2f", sorted[sorted.length / 2], sorted[sorted.length - 1]) + "  "
                + Arrays.toString(Arrays.stream(sorted).map(v -> Math.round(v * 100) / 100.0).toArray());
    }

    private static void await(String what, BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }
}
