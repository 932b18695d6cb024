package dev.yakata.adapter.simulator.shell;

import java.util.List;
import org.apache.karaf.shell.api.console.CommandLine;

/** The old-style string completion, written against the shell API only (the support completers are not imported). */
final class Completions {

    private Completions() {
    }

    static int complete(CommandLine commandLine, List<String> values, List<String> candidates) {
        String argument = commandLine.getCursorArgument();
        String prefix = argument == null ? "" : argument.substring(0, commandLine.getArgumentPosition());
        values.stream().filter(value -> value.startsWith(prefix)).forEach(value -> candidates.add(value + " "));
        return candidates.isEmpty() ? -1 : commandLine.getBufferPosition() - commandLine.getArgumentPosition();
    }
}
