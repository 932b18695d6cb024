package dev.yakata.shutters.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * One shutter's state as the hub keeps it, whatever adapter drives it: derived from its points (the {@code closed}
 * limit, the optional {@code position} and {@code state}, the {@code obstruction} sensor) and the command in flight.
 * Pure and single-threaded: the caller feeds it feedback, commands and the time, and applies the effects it returns.
 *
 * <ul>
 *   <li>A {@code close} is CLOSING until the closed limit is made (CLOSED); an {@code open} is OPENING until the
 *       position reads 0 %, or where there is no position the controller's state reads OPEN, or where there is
 *       neither the closed limit is released (OPEN).</li>
 *   <li>An obstruction while CLOSING asks the caller to stop the shutter, correlated to the close, and shows STOPPED
 *       with reason {@code obstructed}.</li>
 *   <li>A move not confirmed within the travel time, a stop not obeyed within it, or a controller reporting FAULT make
 *       it FAULT, with a sentence; the first two also ask for a stop. FAULT stays until {@link #reset}.</li>
 *   <li>With no command in flight the state follows the points (a shutter moved at its own key switch).</li>
 * </ul>
 */
public final class ShutterMachine {

    /** What the shutter's points say now; any of them may be null where the device has no such point yet. */
    public record Feedback(Boolean closed, Double position, String state, Boolean obstruction) {
        boolean obstructed() {
            return Boolean.TRUE.equals(obstruction);
        }
    }

    /** Something the caller has to do. */
    public sealed interface Effect permits Change, Stop {
    }

    /**
     * The state changed: publish {@code shutter.state}.
     *
     * @param reason  a word: {@code command}, {@code feedback}, {@code obstructed}, {@code no-feedback},
     *                {@code not-stopped}, {@code controller-fault}, {@code command-failed}, {@code reset}
     * @param detail  the sentence behind it
     * @param command the command it concerns, empty when none
     */
    public record Change(String shutter, ShutterState previous, ShutterState state, Double position, String reason,
            String detail, String command, String correlation) implements Effect {
    }

    /** Stop the shutter now, correlated to {@code correlation} (the command it ends), because of {@code reason}. */
    public record Stop(String shutter, String reason, String correlation, String command) implements Effect {
    }

    /** A command in flight. */
    public record Move(String action, String command, String correlation, String user, long since, long deadline) {
    }

    /** A stop issued and not yet seen to take. */
    private record Stopping(String reason, String detail, String command, long deadline) {
    }

    /**
     * What the interlock and the status read (immutable, published after every change).
     *
     * @param state  null until the shutter's first feedback
     * @param detail the sentence of the last change (for FAULT: why)
     */
    public record View(String shutter, ShutterState state, Move move, Feedback feedback, String reason, String detail,
            long since, long travelMillis) {
    }

    public static final String CLOSE = "close";
    public static final String OPEN = "open";
    public static final String STOP = "stop";

    private final String shutter;
    private long travelMillis;
    private ShutterState state;
    private String reason = "";
    private String detail = "";
    private long since;
    private Feedback feedback;
    private Move move;
    private Stopping stopping;

    public ShutterMachine(String shutter, long travelMillis) {
        this.shutter = shutter;
        this.travelMillis = travelMillis;
    }

    public void travelMillis(long millis) {
        travelMillis = millis;
    }

    public View view() {
        return new View(shutter, state, move, feedback, reason, detail, since, travelMillis);
    }

    public ShutterState state() {
        return state;
    }

    /** New values of the shutter's points. */
    public List<Effect> feedback(Feedback latest, long now) {
        feedback = latest;
        List<Effect> effects = new ArrayList<>();
        evaluate(effects, now, null, null);
        return effects;
    }

    /** A command passed the hub's checks and went to the shutter ({@code command.issued}). */
    public List<Effect> issued(String action, String command, String correlation, String user, long now) {
        List<Effect> effects = new ArrayList<>();
        if (state == ShutterState.FAULT) {
            return effects; // the interlock refuses moves of a FAULT shutter; one that came through changes nothing
        }
        switch (action) {
            case CLOSE, OPEN -> {
                move = new Move(action, command, correlation, user, now, now + travelMillis);
                stopping = null;
            }
            case STOP -> {
                move = null;
                stopping = new Stopping("command", "stop command " + command + " by " + user, command, now + travelMillis);
            }
            default -> {
                return effects; // an adapter's own action: not the hub's to follow
            }
        }
        evaluate(effects, now, null, null);
        return effects;
    }

    /** A command ended ({@code command.completed}, {@code .failed}, {@code .timed-out}, {@code .rejected}). */
    public List<Effect> ended(String command, boolean completed, String why, long now) {
        List<Effect> effects = new ArrayList<>();
        if (move == null || !move.command().equals(command)) {
            return effects;
        }
        if (completed) {
            evaluate(effects, now, null, null); // an adapter may complete before its feedback: the points decide
            return effects;
        }
        Move ended = move;
        move = null;
        evaluate(effects, now, "command-failed", ended.action() + " command " + ended.command() + " ended: " + why);
        return effects;
    }

    /** The time passed: travel and stop deadlines. */
    public List<Effect> tick(long now) {
        List<Effect> effects = new ArrayList<>();
        if (state == ShutterState.FAULT) {
            return effects;
        }
        if (move != null && now >= move.deadline()) {
            Move late = move;
            move = null;
            String awaited = CLOSE.equals(late.action()) ? "the closed limit" : openFeedback();
            effects.add(new Stop(shutter, "no-feedback", late.correlation(), late.command()));
            fault(effects, now, "no-feedback", late.action() + " command " + late.command() + " by " + late.user()
                    + " was not confirmed by " + awaited + " within " + seconds(travelMillis)
                    + " s (the shutter's travel time); the hub stopped it: inspect the shutter, then reset it",
                    late.command(), late.correlation());
            return effects;
        }
        if (stopping != null && now >= stopping.deadline()) {
            Stopping late = stopping;
            stopping = null;
            ShutterState derived = feedback == null ? null : derive(feedback);
            if (derived != null && derived.moving()) {
                fault(effects, now, "not-stopped", late.detail() + " was not obeyed within " + seconds(travelMillis)
                        + " s: the shutter still reports " + derived + "; inspect it, then reset it", late.command(), "");
            }
        }
        return effects;
    }

    /** The hub's own stop (for an obstruction or a missing feedback) did not complete: the shutter is FAULT. */
    public List<Effect> stopFailed(String why, long now) {
        List<Effect> effects = new ArrayList<>();
        if (state == ShutterState.FAULT) {
            return effects;
        }
        move = null;
        stopping = null;
        fault(effects, now, "not-stopped", "the hub's stop of " + shutter + " failed (" + why
                + "); inspect the shutter, then reset it", "", "");
        return effects;
    }

    /** Why a reset cannot be done now, or null. */
    public String resetRefusal() {
        if (state != ShutterState.FAULT) {
            return shutter + " is not in FAULT (it is " + (state == null ? "without feedback yet" : state)
                    + "); there is nothing to reset";
        }
        if (feedback != null && ShutterState.reported(feedback.state()) == ShutterState.FAULT) {
            return shutter + "'s controller still reports FAULT; clear the fault at the shutter first, then reset";
        }
        return null;
    }

    /** Clears FAULT (an operator inspected the shutter): the state follows the points again. */
    public List<Effect> reset(String user, long now) {
        List<Effect> effects = new ArrayList<>();
        if (resetRefusal() != null) {
            return effects;
        }
        move = null;
        stopping = null;
        ShutterState previous = state;
        state = null;
        evaluate(effects, now, "reset", "reset by " + user + " after inspection");
        if (state == null) {
            // no feedback yet: show it as STOPPED until the points say more
            set(effects, now, ShutterState.STOPPED, "reset", "reset by " + user + " after inspection", "", "");
        }
        if (!effects.isEmpty() && effects.get(0) instanceof Change change) {
            effects.set(0, new Change(change.shutter(), previous, change.state(), change.position(), change.reason(),
                    change.detail(), change.command(), change.correlation()));
        }
        return effects;
    }

    // ---- the rules -----------------------------------------------------------------------------------------------

    private void evaluate(List<Effect> effects, long now, String why, String whyDetail) {
        Feedback f = feedback;
        if (f == null || state == ShutterState.FAULT) {
            return;
        }
        if (ShutterState.reported(f.state()) == ShutterState.FAULT) {
            Move was = move;
            move = null;
            stopping = null;
            fault(effects, now, "controller-fault", shutter + "'s controller reports FAULT; inspect the shutter, "
                    + "then reset it", was == null ? "" : was.command(), was == null ? "" : was.correlation());
            return;
        }
        if (move != null) {
            Move m = move;
            if (CLOSE.equals(m.action())) {
                if (Boolean.TRUE.equals(f.closed())) {
                    move = null;
                    set(effects, now, ShutterState.CLOSED, "feedback", "the closed limit confirmed close command "
                            + m.command(), m.command(), m.correlation());
                } else if (f.obstructed()) {
                    move = null;
                    String detail = "obstruction sensed while closing" + at(f) + "; the hub stopped the shutter";
                    stopping = new Stopping("obstructed", detail, m.command(), now + travelMillis);
                    effects.add(new Stop(shutter, "obstructed", m.correlation(), m.command()));
                    set(effects, now, ShutterState.STOPPED, "obstructed", detail, m.command(), m.correlation());
                } else {
                    set(effects, now, ShutterState.CLOSING, "command", "close command " + m.command() + " by " + m.user(),
                            m.command(), m.correlation());
                }
            } else if (openConfirmed(f)) {
                move = null;
                set(effects, now, ShutterState.OPEN, "feedback", openFeedback() + " confirmed open command "
                        + m.command(), m.command(), m.correlation());
            } else {
                set(effects, now, ShutterState.OPENING, "command", "open command " + m.command() + " by " + m.user(),
                        m.command(), m.correlation());
            }
            return;
        }
        ShutterState derived = derive(f);
        if (stopping != null) {
            if (derived.moving()) {
                return; // the stop has not taken yet; tick() gives it the travel time
            }
            Stopping done = stopping;
            stopping = null;
            if (derived == ShutterState.STOPPED || state == ShutterState.STOPPED) {
                set(effects, now, derived, done.reason(), done.detail(), done.command(), "");
                return;
            }
        }
        if (derived == ShutterState.CLOSING && f.obstructed()) {
            // closing without a hub command (a key switch, or a close whose outcome came first): stop it all the same
            String detail = "obstruction sensed while closing" + at(f) + "; the hub stopped the shutter";
            stopping = new Stopping("obstructed", detail, "", now + travelMillis);
            effects.add(new Stop(shutter, "obstructed", "", ""));
            set(effects, now, ShutterState.STOPPED, "obstructed", detail, "", "");
            return;
        }
        String word = why != null ? why : derived == ShutterState.STOPPED && f.obstructed() ? "obstructed" : "feedback";
        set(effects, now, derived, word, whyDetail != null ? whyDetail : "the shutter reports " + derived, "", "");
    }

    /** The state the points alone give. */
    private static ShutterState derive(Feedback f) {
        ShutterState reported = ShutterState.reported(f.state());
        if (reported != null) {
            return reported;
        }
        if (Boolean.TRUE.equals(f.closed())) {
            return ShutterState.CLOSED;
        }
        if (f.position() != null) {
            return f.position() <= 0.5 ? ShutterState.OPEN : ShutterState.STOPPED;
        }
        return ShutterState.OPEN;
    }

    private boolean openConfirmed(Feedback f) {
        if (Boolean.TRUE.equals(f.closed())) {
            return false;
        }
        if (f.position() != null) {
            return f.position() <= 0.5;
        }
        if (f.state() != null) {
            return ShutterState.reported(f.state()) == ShutterState.OPEN;
        }
        return Boolean.FALSE.equals(f.closed());
    }

    /** What confirms an open on this shutter, in words. */
    private String openFeedback() {
        Feedback f = feedback;
        if (f != null && f.position() != null) {
            return "the position reading 0 %";
        }
        if (f != null && f.state() != null) {
            return "the controller's state OPEN";
        }
        return "the closed limit releasing";
    }

    private void fault(List<Effect> effects, long now, String word, String sentence, String command, String correlation) {
        set(effects, now, ShutterState.FAULT, word, sentence, command, correlation);
    }

    private void set(List<Effect> effects, long now, ShutterState next, String word, String sentence, String command,
            String correlation) {
        if (next == state) {
            return;
        }
        ShutterState previous = state;
        state = next;
        reason = word;
        detail = sentence;
        since = now;
        effects.add(new Change(shutter, previous, next, feedback == null ? null : feedback.position(), word, sentence,
                command, correlation));
    }

    private static String at(Feedback f) {
        return f.position() == null ? "" : " at " + Math.round(f.position()) + " %";
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
    }
}
