package dev.yakata.shell.internal;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.OutcomeStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The access-control commands: each is an action of the {@code access} device, submitted as the shell's user, so the
 * command policy decides it and the audit trail records it as it does any command (a card number typed here is
 * pseudonymised in the command events). The outcome's data is printed as it comes: values as {@code key: value},
 * lists of records as a table.
 */
abstract class AccessCommandSupport extends DeviceCommandSupport {

    /** The device id the access bundle serves its actions on. */
    static final String ACCESS_DEVICE = "access";

    /** The in-hub device whose actions these commands are. */
    String device() {
        return ACCESS_DEVICE;
    }

    /** Submits {@code action} with the arguments that are set, waits, and prints the outcome and its data. */
    void run(String action, Object... keysAndValues) throws InterruptedException {
        runOn(device(), action, keysAndValues);
    }

    /** The same, for an action of a named in-hub device (the shutters'). */
    void runOn(String device, String action, Object... keysAndValues) throws InterruptedException {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                arguments.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        Command command = Command.builder(device, action).arguments(arguments).issuer(Operator.issuer())
                .reason(reason).build();
        CommandOutcome outcome;
        try {
            outcome = registry.submit(command).toCompletableFuture().get(waitSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.out.println(action + ": no outcome after " + waitSeconds + " s; it goes on (yakata:event-follow command.*)");
            return;
        } catch (ExecutionException e) {
            System.out.println(action + ": failed: " + e.getCause());
            return;
        }
        if (outcome.status() != OutcomeStatus.COMPLETED) {
            System.out.println(action + ": " + outcome.status() + (outcome.reason().isEmpty() ? "" : " — " + outcome.reason()));
            return;
        }
        if (!outcome.reason().isEmpty()) {
            System.out.println(outcome.reason());
        }
        print(outcome.data(), "");
    }

    private static void print(Map<String, Object> data, String indent) {
        for (Map.Entry<String, Object> entry : data.entrySet()) {
            Object value = entry.getValue();
            if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Map.class::isInstance)) {
                System.out.println(indent + entry.getKey() + ": " + list.size());
                table(list, indent + "  ");
            } else if (value instanceof Map<?, ?> map) {
                System.out.println(indent + entry.getKey() + ":");
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = (Map<String, Object>) map;
                print(inner, indent + "  ");
            } else {
                System.out.println(indent + entry.getKey() + ": " + value);
            }
        }
    }

    /** Rows of records under the union of their keys, columns as wide as their widest cell. */
    private static void table(List<?> rows, String indent) {
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(row -> ((Map<?, ?>) row).keySet().forEach(k -> columns.add(String.valueOf(k))));
        List<String> header = new ArrayList<>(columns);
        int[] widths = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            widths[c] = header.get(c).length();
            for (Object row : rows) {
                widths[c] = Math.max(widths[c], cell(row, header.get(c)).length());
            }
        }
        System.out.println(indent + line(header, widths));
        for (Object row : rows) {
            List<String> cells = new ArrayList<>();
            header.forEach(h -> cells.add(cell(row, h)));
            System.out.println(indent + line(cells, widths));
        }
    }

    private static String cell(Object row, String column) {
        Object value = ((Map<?, ?>) row).get(column);
        return value == null ? "" : String.valueOf(value);
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            text.append(c == 0 ? "" : "  ").append(cells.get(c)).append(" ".repeat(widths[c] - cells.get(c).length()));
        }
        return text.toString().stripTrailing();
    }
}
