package dev.yakata.access.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: fields separated by commas, a field in double quotes may hold commas, line breaks and doubled
 * quotes ({@code ""}); records end with CR LF, LF or CR. Each record keeps the line it starts on, for the report.
 */
final class CsvRecords {

    /** One record; {@code problem} is set when it could be split but not as RFC 4180 says. */
    record Row(int line, List<String> fields, String problem) {
        boolean blank() {
            return fields.stream().allMatch(f -> f.trim().isEmpty());
        }
    }

    private CsvRecords() {
    }

    /** @throws AccessFileException when a quoted field is never closed (the rest of the file would be that field) */
    static List<Row> split(String text, String file) throws AccessFileException {
        List<Row> rows = new ArrayList<>();
        int i = 0;
        int n = text.length();
        int line = 1;
        while (i < n) {
            int rowLine = line;
            List<String> fields = new ArrayList<>();
            String problem = null;
            while (true) {
                StringBuilder field = new StringBuilder();
                if (i < n && text.charAt(i) == '"') {
                    int fieldLine = line;
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char c = text.charAt(i);
                        if (c == '"') {
                            if (i + 1 < n && text.charAt(i + 1) == '"') {
                                field.append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            closed = true;
                            break;
                        }
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                        i++;
                    }
                    if (!closed) {
                        throw new AccessFileException(file, fieldLine, "the quoted field that starts on this line is "
                                + "never closed; end it with a \" (a quote inside a quoted field is written \"\")");
                    }
                    if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
                        problem = "field " + (fields.size() + 1) + " has text after its closing quote; quote the "
                                + "whole field and write a quote inside it as \"\"";
                        while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
                            i++;
                        }
                    }
                } else {
                    while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
                        field.append(text.charAt(i));
                        i++;
                    }
                }
                fields.add(field.toString());
                if (i < n && text.charAt(i) == ',') {
                    i++;
                    continue;
                }
                // end of the record: CR LF, LF, CR or the end of the text
                if (i < n && text.charAt(i) == '\r') {
                    i++;
                }
                if (i < n && text.charAt(i) == '\n') {
                    i++;
                }
                line++;
                break;
            }
            rows.add(new Row(rowLine, fields, problem));
        }
        return rows;
    }
}
