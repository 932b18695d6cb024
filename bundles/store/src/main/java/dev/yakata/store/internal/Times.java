package dev.yakata.store.internal;

import java.time.Instant;

/** Instants as the store keeps them: nanoseconds since the epoch, exact from 1677 to 2262. */
final class Times {

    private Times() {
    }

    static long nanos(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
