package dev.yakata.testkit;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Signals to a peer process a test started itself (a broker, a device server), mostly to freeze it ({@code STOP}) and
 * thaw it ({@code CONT}) while its sockets stay open, which is how the adapter contract's "silence" is played. Only
 * children of this JVM are candidates, so a test never signals another test's peer or anything else on the machine.
 * POSIX only: it runs {@code kill}.
 */
public final class Signals {

    private static final long KILL_TIMEOUT_SECONDS = 5;

    private Signals() {
    }

    /**
     * Sends {@code kill -<signal>} to the first child process of this JVM that {@code which} accepts, and waits up to
     * 5 s for {@code kill} to report it sent.
     *
     * @param signal the signal's name without {@code SIG}: {@code STOP}, {@code CONT}, {@code TERM}
     * @param what the process in a failure's sentence ("this test's mosquitto")
     * @param which picks the test's own process among this JVM's children, e.g. by {@link #arguments(ProcessHandle)}
     * @return the pid signalled
     * @throws IllegalStateException when no child matches, or {@code kill} fails or does not finish in time
     */
    public static long send(String signal, String what, Predicate<ProcessHandle> which)
            throws IOException, InterruptedException {
        if (!signal.matches("[A-Z][A-Z0-9]*")) {
            throw new IllegalArgumentException("'" + signal + "' is not a signal name such as STOP or CONT");
        }
        ProcessHandle process = ProcessHandle.current().children().filter(which).findFirst()
                .orElseThrow(() -> new IllegalStateException(what + " is not running (no child process of this JVM matches)"));
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(KILL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " (" + what + ") did not finish within "
                    + KILL_TIMEOUT_SECONDS + " s");
        }
        if (kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " (" + what + ") failed with exit code "
                    + kill.exitValue());
        }
        return process.pid();
    }

    /** A process's arguments joined with spaces, or "" when the system does not tell them. */
    public static String arguments(ProcessHandle process) {
        return process.info().arguments().map(a -> String.join(" ", a)).orElse("");
    }
}
