package dev.yakata.core.api;

import java.util.Objects;

/**
 * Why an interlock refused a command.
 *
 * @param interlock the interlock's name ({@code shutter-supervision}), for the outcome and the audit trail
 * @param code      a short word a program can act on ({@code obstructed}, {@code fault}, {@code conflicting})
 * @param reason    a sentence for the issuer: what holds, and what to do about it
 */
public record InterlockRefusal(String interlock, String code, String reason) {

    public InterlockRefusal {
        Objects.requireNonNull(interlock, "interlock");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }

    /** The outcome's reason: which interlock, the code, and the sentence. */
    public String sentence() {
        return "refused by interlock " + interlock + ": " + code + " (" + reason + ")";
    }
}
