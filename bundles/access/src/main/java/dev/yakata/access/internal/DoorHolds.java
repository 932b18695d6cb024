package dev.yakata.access.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Holds doors unlocked for as long as any reason holds them (a fire alarm, a free-passage schedule): the first reason
 * unlocks the door for {@value #UNLOCK_SECONDS} s, the unlock is renewed every {@value #RENEW_SECONDS} s while a
 * reason remains, and the door is locked when the last one ends. Reasons are counted per door, so a schedule that
 * ends during a fire alarm does not lock a door the alarm releases. Thread-safe; {@link #tick()} renews.
 */
final class DoorHolds {

    static final long UNLOCK_SECONDS = 600;
    static final long RENEW_SECONDS = 300;
    /** After an unlock that did not succeed (the door offline), try again this much later, not at every tick. */
    static final long RETRY_SECONDS = 30;

    private final DoorCommands commands;
    private final Clock clock;
    private final Map<String, Hold> holds = new LinkedHashMap<>();

    /** Why a door is held, and when its unlock is next due. */
    private static final class Hold {
        final Set<String> reasons = new LinkedHashSet<>();
        Instant due;
    }

    DoorHolds(DoorCommands commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    /** Holds a door unlocked for {@code reason} (a sentence, which the unlock carries); unlocks it now if it was not. */
    synchronized void hold(String door, String reason) {
        Hold hold = holds.computeIfAbsent(door, d -> new Hold());
        boolean first = hold.reasons.isEmpty();
        hold.reasons.add(reason);
        if (first) {
            unlock(door, hold);
        }
    }

    /** Ends one reason; the door is locked when it was the last. */
    synchronized void release(String door, String reason) {
        Hold hold = holds.get(door);
        if (hold == null || !hold.reasons.remove(reason)) {
            return;
        }
        if (hold.reasons.isEmpty()) {
            holds.remove(door);
            commands.lock(door, "access control: " + reason + " ended");
        }
    }

    synchronized boolean held(String door) {
        return holds.containsKey(door);
    }

    /** Every held door with its reasons, for the status. */
    synchronized Map<String, List<String>> held() {
        Map<String, List<String>> held = new TreeMap<>();
        holds.forEach((door, hold) -> held.put(door, List.copyOf(hold.reasons)));
        return held;
    }

    /** Renews each held door's unlock that is due. */
    synchronized void tick() {
        Instant now = clock.instant();
        holds.forEach((door, hold) -> {
            if (!now.isBefore(hold.due)) {
                unlock(door, hold);
            }
        });
    }

    private void unlock(String door, Hold hold) {
        hold.due = clock.instant().plusSeconds(RENEW_SECONDS);
        commands.unlock(door, UNLOCK_SECONDS, "access control: " + String.join("; ", hold.reasons), "")
                .outcome().whenComplete((outcome, failure) -> {
                    if (failure != null || !outcome.isSuccess()) {
                        retrySoon(door, hold);
                    }
                });
    }

    private synchronized void retrySoon(String door, Hold hold) {
        Instant retry = clock.instant().plus(Duration.ofSeconds(RETRY_SECONDS));
        if (holds.get(door) == hold && retry.isBefore(hold.due)) {
            hold.due = retry;
        }
    }
}
