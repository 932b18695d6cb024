package dev.yakata.tck;

import java.util.List;
import java.util.Objects;

/**
 * How one clause fared in a contract run.
 *
 * @param clause     the clause
 * @param verdict    passed, failed or skipped
 * @param findings   what broke it, when failed; empty otherwise
 * @param skipReason why it could not be checked, when skipped; empty otherwise
 */
public record ClauseResult(Clause clause, Verdict verdict, List<Finding> findings, String skipReason) {

    /** How a clause fared. */
    public enum Verdict {
        PASSED,
        FAILED,
        /** Not checked: the subject gave no hook for it (no disconnect hook), or an earlier failure made it moot. */
        SKIPPED
    }

    public ClauseResult {
        Objects.requireNonNull(clause, "clause");
        Objects.requireNonNull(verdict, "verdict");
        findings = findings == null ? List.of() : List.copyOf(findings);
        skipReason = skipReason == null ? "" : skipReason;
    }

    public static ClauseResult passed(Clause clause) {
        return new ClauseResult(clause, Verdict.PASSED, List.of(), "");
    }

    public static ClauseResult failed(Clause clause, List<Finding> findings) {
        return new ClauseResult(clause, Verdict.FAILED, findings, "");
    }

    public static ClauseResult skipped(Clause clause, String reason) {
        return new ClauseResult(clause, Verdict.SKIPPED, List.of(), reason);
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    public boolean failed() {
        return verdict == Verdict.FAILED;
    }

    public boolean skipped() {
        return verdict == Verdict.SKIPPED;
    }

    /** The findings one a line, or the skip reason, or {@code passed}. */
    public String describe() {
        return switch (verdict) {
            case PASSED -> "passed";
            case SKIPPED -> "not checked: " + skipReason;
            case FAILED -> String.join("\n", findings.stream().map(f -> "- " + f.message()).toList());
        };
    }
}
