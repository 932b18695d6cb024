package dev.yakata.core.api;

import java.util.Objects;

/**
 * What the command policy decided, and by which rule.
 *
 * @param allowed whether the command may run
 * @param rule    the rule that decided, as {@code file:line  text}, or empty when no rule matched (refused)
 * @param reason  a sentence for the issuer: who, what, and why
 */
public record PolicyDecision(boolean allowed, String rule, String reason) {

    public PolicyDecision {
        rule = rule == null ? "" : rule;
        Objects.requireNonNull(reason, "reason");
    }
}
