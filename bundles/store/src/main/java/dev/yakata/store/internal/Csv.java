package dev.yakata.store.internal;

import java.io.IOException;
import java.io.Writer;

/**
 * RFC 4180 rows: fields separated by commas, rows ended by CRLF, a field quoted (with its quotes doubled) when it
 * holds a comma, a quote, CR or LF, or starts or ends with a space. The file's byte order mark is the caller's.
 */
final class Csv {

    /** What starts a UTF-8 file so that spreadsheets (Excel in a Japanese locale among them) read it as UTF-8. */
    static final char BYTE_ORDER_MARK = '\uFEFF';

    private final Writer out;

    Csv(Writer out) {
        this.out = out;
    }

    void row(String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            field(fields[i] == null ? "" : fields[i]);
        }
        out.write("\r\n");
    }

    private void field(String value) throws IOException {
        boolean quote = !value.isEmpty() && (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ');
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.write(value);
            return;
        }
        out.write('"');
        out.write(value.replace("\"", "\"\""));
        out.write('"');
    }
}
