package dev.yakata.store.shell;

import java.time.Instant;
import java.time.ZoneId;
import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.karaf.shell.support.table.ShellTable;

/** How the store's commands print values: local times to the millisecond, text on one line. */
final class Tables {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    private Tables() {
    }

    static String time(Instant instant, ZoneId zone) {
        return instant == null ? "" : TIME.format(instant.atZone(zone));
    }

    /** Text with line breaks or tabs on one line, so it stays one field of one line. */
    static String oneLine(Object value) {
        return value == null ? "" : String.valueOf(value).replaceAll("[\\t\\r\\n]+", " ").strip();
    }

    static String data(Map<String, Object> data) {
        return data.entrySet().stream().map(e -> e.getKey() + "=" + oneLine(e.getValue())).collect(Collectors.joining(" "));
    }

    /**
     * A table with its columns, the last one wrapped at {@code wrapAt} characters (a terminal reads a long reason
     * wrapped); printed plain, each row is one line of tab-separated fields with no header.
     */
    static final class Rows {
        private final ShellTable table = new ShellTable();
        private final List<Object[]> rows = new ArrayList<>();

        Rows(int wrapAt, String... columns) {
            for (int i = 0; i < columns.length; i++) {
                if (i == columns.length - 1 && wrapAt > 0) {
                    table.column(columns[i]).maxSize(wrapAt).wrap();
                } else {
                    table.column(columns[i]);
                }
            }
        }

        Rows add(Object... row) {
            rows.add(row);
            return this;
        }

        void print(boolean plain, PrintStream out) {
            if (plain) {
                for (Object[] row : rows) {
                    out.println(java.util.Arrays.stream(row).map(Tables::oneLine).collect(Collectors.joining("\t")));
                }
                return;
            }
            rows.forEach(row -> table.addRow().addContent(row));
            table.print(out, true);
        }
    }
}
