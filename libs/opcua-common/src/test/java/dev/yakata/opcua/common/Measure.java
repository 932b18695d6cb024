package dev.yakata.opcua.common;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** This JVM's CPU time, heap and resident memory, for the benchmark reports. */
public final class Measure {

    private final long cpuNanosAtStart = cpuNanos();
    private final long wallNanosAtStart = System.nanoTime();

    public static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU used since construction, in percent of one core. */
    public double cpuPercentOfOneCore() {
        return 100.0 * (cpuNanos() - cpuNanosAtStart) / (System.nanoTime() - wallNanosAtStart);
    }

    /** A number field of a peer's {@code STATS {json}} line. */
    public static double field(String statsLine, String name) {
        return Double.parseDouble(statsLine.replaceAll(".*\"" + name + "\":([0-9.eE+-]+).*", "$1"));
    }

    /** A peer's STATS line, asked for now. */
    public static String stats(NodePeer peer) throws Exception {
        int mark = peer.mark();
        peer.send("stats");
        return peer.awaitLine("STATS", mark);
    }

    public static long heapUsedMbAfterGc() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
    }

    public static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
