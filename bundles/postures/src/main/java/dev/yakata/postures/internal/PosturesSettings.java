package dev.yakata.postures.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** The postures' settings, checked; a refusal names the key of {@code etc/dev.yakata.postures.cfg} and the fix. */
record PosturesSettings(Path file, long pollMillis, Duration tokenLife, Duration commandWait) {

    static final String PID = "dev.yakata.postures";
    static final String DEFAULT_FILE = "${karaf.etc}/postures/postures.cfg";
    static final long DEFAULT_POLL_MILLIS = 1000;
    static final int DEFAULT_TOKEN_SECONDS = 300;
    static final int DEFAULT_COMMAND_WAIT_SECONDS = 60;

    PosturesSettings {
        if (pollMillis < 100 || pollMillis > 10_000) {
            throw problem("pollMillis", pollMillis, "a number of milliseconds from 100 to 10000");
        }
        if (tokenLife.toSeconds() < 10 || tokenLife.toSeconds() > 3600) {
            throw problem("tokenSeconds", tokenLife.toSeconds(), "a number of seconds from 10 to 3600");
        }
        if (commandWait.toSeconds() < 1 || commandWait.toSeconds() > 600) {
            throw problem("commandWaitSeconds", commandWait.toSeconds(), "a number of seconds from 1 to 600");
        }
        file = file.toAbsolutePath().normalize();
    }

    static PosturesSettings from(PosturesOptions options, UnaryOperator<String> properties) {
        return new PosturesSettings(Path.of(expand(options.file(), properties)), options.pollMillis(),
                Duration.ofSeconds(options.tokenSeconds()), Duration.ofSeconds(options.commandWaitSeconds()));
    }

    /** {@code ${karaf.etc}} and the like, from the framework's properties. */
    static String expand(String value, UnaryOperator<String> properties) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            int end = start < 0 ? -1 : value.indexOf('}', start);
            if (start < 0 || end < 0) {
                out.append(value.substring(i));
                break;
            }
            String name = value.substring(start + 2, end);
            String replacement = properties.apply(name);
            if (replacement == null) {
                throw new IllegalArgumentException("etc/dev.yakata.postures.cfg: file = '" + value + "' names ${" + name
                        + "}, which the framework does not define; write an absolute path");
            }
            out.append(value, i, start).append(replacement);
            i = end + 1;
        }
        return out.toString();
    }

    private static IllegalArgumentException problem(String key, Object value, String wanted) {
        return new IllegalArgumentException("etc/dev.yakata.postures.cfg: " + key + " = " + value + " is not allowed; "
                + "write " + wanted);
    }
}
