package dev.yakata.adapter.simulator;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.profile.Profiles;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A card-reader door with an entry and an exit reader, an electric lock and a door contact, playing the door profile:
 * {@code unlock{seconds}} is a timed pulse (the lock opens, someone walks through, the contact opens and closes
 * again, and the lock re-engages), {@code lock} locks now and ends a running pulse. The hub has already checked and
 * defaulted {@code seconds} against the profile (a Long, 1..600), so the simulator sets no limit of its own. Card
 * swipes are reported ({@code card.swiped} with reader, direction and card; the hub replaces the card number by its
 * pseudonym before anyone sees it), not decided: granting access is the hub's job, which answers with {@code unlock}.
 * Nor does it report {@code door.forced} or {@code door.held-open}: the hub's door supervision tells those from the
 * points, as it does for a door of any protocol; the faults only play what a person does to the door.
 */
final class DoorSimulation extends SimulatedDevice {

    /** How long the lock stays released when a simulated person props the door (fault {@code held-open}). */
    static final String UNLOCK_SECONDS = "sim.unlockSeconds";
    static final String SWIPE_EVERY_SECONDS = "sim.swipeEverySeconds";
    /**
     * The simulator's own action beyond the door profile: someone presents a given card at a reader
     * ({@code card}, {@code reader} entry or exit), for demonstrations and tests that need one particular swipe.
     */
    static final String SWIPE = "swipe";

    private static final List<String> STAFF_CARDS = List.of("staff-0107", "staff-0112", "staff-0145", "staff-0163",
            "staff-0178", "staff-0201", "staff-0219");

    private final double proppedUnlockSeconds;
    private final double swipeEverySeconds;
    private boolean locked = true;
    private boolean closed = true;
    private ScheduledFuture<?> relock;
    private ScheduledFuture<?> passageOpens;
    private ScheduledFuture<?> passageCloses;

    DoorSimulation(DeviceDefinition device, DeviceContext context) {
        super(SimModel.DOOR, device, context);
        this.proppedUnlockSeconds = positiveDouble(UNLOCK_SECONDS, 5);
        this.swipeEverySeconds = nonNegativeDouble(SWIPE_EVERY_SECONDS, 0);
    }

    @Override
    protected void publishInitialValues() {
        publish("locked", locked);
        publish("contact", closed);
    }

    @Override
    protected void tick() {
        if (happensThisTick(swipeEverySeconds)) {
            // one reader on each side of the door: the reader tells the direction
            String direction = random.nextBoolean() ? "entry" : "exit";
            context.event(EventTypes.CARD_SWIPED).subject(direction).put("reader", direction)
                    .put("direction", direction).put("card", STAFF_CARDS.get(random.nextInt(STAFF_CARDS.size())))
                    .publish();
        }
    }

    @Override
    protected void act(String action, Command command, CompletableFuture<CommandOutcome> outcome) {
        if (Profiles.LOCK.equals(action)) {
            cancelPulse();
            setLocked(true);
            complete(outcome, CommandOutcome.completed(command));
            return;
        }
        if (SWIPE.equals(action)) {
            swipe(command, outcome);
            return;
        }
        if (!Profiles.UNLOCK.equals(action)) {
            super.act(action, command, outcome);
            return;
        }
        // The hub gives a Long; any whole number is taken, since an adapter converts its own input.
        Object argument = command.arguments().get(Profiles.SECONDS);
        if (!(argument instanceof Number seconds) || seconds.doubleValue() != Math.rint(seconds.doubleValue())
                || seconds.longValue() < 1) {
            complete(outcome, CommandOutcome.rejected(command, "unlock of " + device.id() + " needs the argument "
                    + Profiles.SECONDS + ", a whole number of seconds from 1 (the hub fills in the door profile's "
                    + "default), got " + (argument == null ? "none" : argument + " (" + argument.getClass()
                    .getSimpleName() + ")")));
            return;
        }
        if (hasFault("forced")) {
            complete(outcome, CommandOutcome.failed(command, "door " + device.id()
                    + " is forced open; its lock cannot be released until the door is secured"));
            return;
        }
        unlockPulse(seconds.longValue() * 1000);
        complete(outcome, CommandOutcome.completed(command));
    }

    private void swipe(Command command, CompletableFuture<CommandOutcome> outcome) {
        Object card = command.arguments().get("card");
        Object reader = command.arguments().getOrDefault("reader", "entry");
        if (!(card instanceof String number) || number.isBlank()) {
            complete(outcome, CommandOutcome.rejected(command, "swipe needs card=<card number>"));
            return;
        }
        if (!"entry".equals(reader) && !"exit".equals(reader)) {
            complete(outcome, CommandOutcome.rejected(command, "swipe's reader is '" + reader + "'; use reader=entry or reader=exit"));
            return;
        }
        context.event(EventTypes.CARD_SWIPED).subject((String) reader).put("reader", reader).put("direction", reader)
                .put("card", number.trim()).publish();
        complete(outcome, CommandOutcome.completed(command));
    }

    /** Releases the lock, lets someone pass (unless the door is being held open) and re-engages the lock. */
    private void unlockPulse(long millis) {
        cancelPulse();
        setLocked(false);
        passageOpens = later(Math.min(1000, millis / 4), () -> setClosed(false));
        passageCloses = later(millis * 3 / 4, () -> {
            if (!hasFault("held-open")) {
                setClosed(true);
            }
        });
        relock = later(millis, this::relock);
    }

    /** The lock engages at the end of the pulse, also while the door stands open (the bolt then meets no strike). */
    private void relock() {
        setLocked(true);
    }

    private void cancelPulse() {
        for (ScheduledFuture<?> task : new ScheduledFuture<?>[] {relock, passageOpens, passageCloses}) {
            if (task != null) {
                task.cancel(false);
            }
        }
        relock = passageOpens = passageCloses = null;
    }

    @Override
    protected void faultInjected(String fault) {
        if ("forced".equals(fault)) {
            cancelPulse();
            setLocked(true);
            setClosed(false); // opened while locked: the hub's supervision reports door.forced
        } else if ("held-open".equals(fault)) {
            if (locked) {
                // someone passes with a valid card and props the door
                unlockPulse(Math.round(proppedUnlockSeconds * 1000));
            } else {
                setClosed(false);
            }
        }
    }

    @Override
    protected void faultCleared(String fault) {
        // the door is pushed shut; the lock engages at the end of a running pulse, or is already engaged
        if (!hasFault("forced") && !hasFault("held-open")) {
            setClosed(true);
        }
    }

    @Override
    protected void onClosing() {
        cancelPulse();
    }

    private void setLocked(boolean value) {
        locked = value;
        publish("locked", value);
    }

    private void setClosed(boolean value) {
        closed = value;
        publish("contact", value);
    }
}
