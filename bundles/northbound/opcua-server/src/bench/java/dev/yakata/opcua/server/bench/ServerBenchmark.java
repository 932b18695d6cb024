package dev.yakata.opcua.server.bench;

import dev.yakata.opcua.common.Measure;
import dev.yakata.opcua.common.NodePeer;
import dev.yakata.opcua.server.HubServer;
import dev.yakata.opcua.server.InTestRegistry;
import dev.yakata.opcua.server.NorthboundServerInteropTest;
import dev.yakata.opcua.server.ServerSettings;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.PointValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;

/**
 * Server benchmark: the northbound server with one device of N points (default 1,000), every point changed every
 * 250 ms through the same event path the bus uses, and C node-opcua clients (default 10, separate processes), each
 * with one session subscribed to all N points at 250 ms. Reports the notifications the clients received per
 * second, this JVM's CPU and memory, and each client's own CPU and memory.
 *
 * <p>Options: {@code points} (1000), {@code clients} (10), {@code intervalMillis} (250), {@code warmupSeconds}
 * (10), {@code seconds} (30).
 */
public final class ServerBenchmark {

    public static void main(String[] args) throws Exception {
        int pointCount = Integer.getInteger("points", 1000);
        int clientCount = Integer.getInteger("clients", 10);
        int interval = Integer.getInteger("intervalMillis", 250);
        int warmup = Integer.getInteger("warmupSeconds", 10);
        int seconds = Integer.getInteger("seconds", 30);
        Path work = Files.createTempDirectory("yakata-opcua-bench-server");

        InTestRegistry registry = new InTestRegistry(NorthboundServerInteropTest.OPERATORS_AND_UP);
        List<PointDefinition> points = new ArrayList<>();
        for (int i = 0; i < pointCount; i++) {
            points.add(PointDefinition.builder("p" + i, PointKind.ANALOG).unit("kW").build());
        }
        registry.add(DeviceDefinition.builder("bench", "power", "simulator").floor("B1").zone("L1").points(points)
                .build());
        for (int i = 0; i < pointCount; i++) {
            registry.publish("bench", "p" + i, PointValue.good(0.0));
        }
        int port = NodePeer.freePort();
        HubServer server = new HubServer(new ServerSettings("127.0.0.1", port, null, "/yakata",
                List.of(SecurityPolicy.None), false, Set.of(), "karaf",
                work.resolve("server-pki"), "urn:yakata:hub:server", 10_000), registry,
                (user, password) -> Optional.of(new Subject(true, Set.of(new UserPrincipal(user),
                        new RolePrincipal("yakata-viewer")), Set.of(), Set.of())));
        registry.listener(server);

        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        long[] tick = {0};
        feeder.scheduleAtFixedRate(() -> {
            tick[0]++;
            for (int i = 0; i < pointCount; i++) {
                registry.publish("bench", "p" + i, PointValue.good(tick[0] + i / 1e6));
            }
        }, interval, interval, TimeUnit.MILLISECONDS);

        List<NodePeer> clients = new ArrayList<>();
        try {
            for (int c = 0; c < clientCount; c++) {
                NodePeer client = NodePeer.start("hub-client.js", 0, "--endpoint",
                        "opc.tcp://127.0.0.1:" + port + "/yakata", "--pki", work.resolve("client-pki-" + c).toString());
                clients.add(client);
                client.send("connect viewer any");
                client.awaitLine("CONNECTED");
                client.send("monitor " + pointCount + " ns=2;s=device/bench/p " + interval);
                client.awaitLine("MONITORING");
            }
            Thread.sleep(warmup * 1000L);
            List<String> statsBefore = new ArrayList<>();
            for (NodePeer client : clients) {
                statsBefore.add(Measure.stats(client));
            }
            List<Long> before = changes(statsBefore);
            Measure measure = new Measure();
            Thread.sleep(seconds * 1000L);
            List<String> statsAfter = new ArrayList<>();
            for (NodePeer client : clients) {
                statsAfter.add(Measure.stats(client));
            }
            List<Long> after = changes(statsAfter);
            double cpu = measure.cpuPercentOfOneCore();
            long total = 0;
            double minPerClient = Double.MAX_VALUE;
            for (int c = 0; c < clientCount; c++) {
                long delta = after.get(c) - before.get(c);
                total += delta;
                minPerClient = Math.min(minPerClient, delta / (double) seconds);
            }
            System.out.printf("SERVER points=%d clients=%d interval=%dms source changes/s=%d%n", pointCount, clientCount,
                    interval, pointCount * 1000 / interval);
            System.out.printf("SERVER notifications/s delivered=%.0f total, %.0f per client (slowest %.0f) "
                    + "hubJvmCpu=%.0f%% of one core heapAfterGc=%dMB rss=%dMB%n", total / (double) seconds,
                    total / (double) seconds / clientCount, minPerClient, cpu, Measure.heapUsedMbAfterGc(),
                    Measure.rssMb());
            for (int c = 0; c < clientCount; c++) {
                double window = Measure.field(statsAfter.get(c), "seconds") - Measure.field(statsBefore.get(c), "seconds");
                System.out.printf("SERVER node-opcua client %d in the same window: cpu=%.0f%% of one core rss=%.0fMB%n", c,
                        100 * (Measure.field(statsAfter.get(c), "cpuSeconds")
                                - Measure.field(statsBefore.get(c), "cpuSeconds")) / window,
                        Measure.field(statsAfter.get(c), "rssMb"));
            }
        } finally {
            feeder.shutdownNow();
            for (NodePeer client : clients) {
                client.close();
            }
            server.close();
        }
    }

    private static List<Long> changes(List<String> stats) {
        return stats.stream().map(line -> (long) Measure.field(line, "changes")).toList();
    }
}
