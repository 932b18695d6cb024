package dev.yakata.core.api;

import java.util.Objects;

/**
 * What {@link DeviceRegistry#submit} would decide about a command now, asked without running it
 * ({@link DeviceRegistry#check}): the same policy, device state, argument checks and interlocks, in the same order,
 * so a preview says what a run would meet.
 *
 * @param accepted  whether every check passes now (the command would be dispatched)
 * @param refusedBy which check refuses it, one of {@link #POLICY}, {@link #STATE}, {@link #CHECK},
 *                  {@link #INTERLOCK}; empty when accepted
 * @param reason    the sentence {@code submit} would give (empty when accepted)
 * @param rule      the policy rule that decided ({@code file:line  text}), empty when none matched
 */
public record CommandCheck(boolean accepted, String refusedBy, String reason, String rule) {

    /** The command policy refuses the issuer. */
    public static final String POLICY = "policy";
    /** The device is unknown, unusable, or not ONLINE. */
    public static final String STATE = "state";
    /** A point, a value or an argument is wrong. */
    public static final String CHECK = "check";
    /** A safety interlock holds (the action language's {@code refuseWhen}, or an interlock of the hub's). */
    public static final String INTERLOCK = "interlock";
    /**
     * Only in a REJECTED outcome's {@code refusedBy}: the adapter (the device itself) refused the command after the
     * hub's checks passed.
     */
    public static final String DEVICE = "device";

    /** The key of a REJECTED {@code CommandOutcome}'s data that names the refusing check, as above. */
    public static final String REFUSED_BY = "refusedBy";

    public CommandCheck {
        refusedBy = refusedBy == null ? "" : refusedBy;
        reason = reason == null ? "" : reason;
        rule = rule == null ? "" : rule;
    }

    public static CommandCheck accepted(String rule) {
        return new CommandCheck(true, "", "", rule);
    }

    public static CommandCheck refused(String refusedBy, String reason, String rule) {
        return new CommandCheck(false, Objects.requireNonNull(refusedBy, "refusedBy"), reason, rule);
    }
}
