package dev.yakata.tck;

/** One clause of the adapter contract ({@code docs/adapter-guide.md}), as the TCK checks it. */
public enum Clause {
    REGISTERS_ONCE("registers one adapter service per id"),
    OPENS_AND_CLOSES_IN_TIME("opens and closes within the time limits"),
    /**
     * The threads an adapter holds after its device's first close and keeps are its own, for its lifetime; any more of
     * them after two more opens and closes is a leak. The TCK counts them after the first close and again after the
     * last close and the grace period, leaving out the hub's, the JDK's, the hooks' and the ignored ones.
     */
    NO_LEAKED_THREADS("leaves no thread behind per open and close"),
    /**
     * The sockets an adapter holds after its device's first close and keeps are its own, for its lifetime; any more of
     * them after two more opens and closes is a leak. Counted as threads are, from {@code /proc/self/fd} (Linux;
     * skipped elsewhere), the hooks' left out.
     */
    NO_LEAKED_SOCKETS("leaves no socket behind per open and close"),
    STATUS_WITH_REASONS("reports every status with a reason and comes ONLINE"),
    COMMANDS_COMPLETE("completes or times out every command"),
    TIMED_OUT_COMMAND_CANCELLED("lets go of a command the hub timed out"),
    VALUES_WELL_FORMED("publishes values with quality and timestamps"),
    SILENT_AFTER_CLOSE("publishes nothing after close"),
    DISCONNECT_GOES_OFFLINE("goes OFFLINE with bad values when disconnected"),
    NEVER_HANGS_THE_HUB("never hangs the hub while its device misbehaves"),
    HONOURS_PROFILE("honours the profile it claims"),
    REPORTS_INSTEAD_OF_THROWING("reports failures as a status instead of throwing");

    private final String description;

    Clause(String description) {
        this.description = description;
    }

    /** The clause in one line, as the test report names it. */
    public String description() {
        return description;
    }
}
