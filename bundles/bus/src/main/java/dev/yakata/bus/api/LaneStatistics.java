package dev.yakata.bus.api;

/**
 * Counters of one bus lane or one listener queue since the bus started.
 *
 * @param name      {@code lane:control}, {@code lane:telemetry} or {@code listener:<name>}
 * @param capacity  queue capacity
 * @param queued    events waiting now
 * @param accepted  events accepted into the queue
 * @param delivered events processed to the end
 * @param dropped   events lost because the queue was full
 * @param failed    events whose processing threw
 */
public record LaneStatistics(String name, int capacity, int queued, long accepted, long delivered, long dropped,
        long failed) {
}
