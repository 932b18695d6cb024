package dev.yakata.bus.api;

/**
 * Counters of one bus lane or one listener queue since the bus started.
 *
 * @param name        {@code lane:control}, {@code lane:telemetry} or {@code listener:<name>}
 * @param capacity    queue capacity
 * @param queued      events waiting now in memory
 * @param accepted    events accepted (for the control lane: journaled or queued)
 * @param delivered   events processed to the end
 * @param dropped     events lost because the queue was full: telemetry shed, or a listener's own queue; never a
 *                    journaled control event
 * @param failed      events whose processing threw
 * @param overflowed  control lane only: events that found the lane full, were journaled and delivered from the
 *                    journal after the burst, in order (late, not lost)
 * @param unjournaled control lane only: events the journal could not append (a disk failure, logged); delivered
 *                    live when the lane had room, else counted in {@code dropped}
 */
public record LaneStatistics(String name, int capacity, int queued, long accepted, long delivered, long dropped,
        long failed, long overflowed, long unjournaled) {

    /** Counters of a queue that has no journal behind it (the telemetry lane, a listener). */
    public static LaneStatistics of(String name, int capacity, int queued, long accepted, long delivered,
            long dropped, long failed) {
        return new LaneStatistics(name, capacity, queued, accepted, delivered, dropped, failed, 0, 0);
    }
}
