package dev.yakata.chain;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV as RFC 4180 writes it and spreadsheets read it: UTF-8 with a byte order mark (so a Japanese Excel opens it as
 * UTF-8), CRLF after each row, and a field quoted when it holds a comma, a quote, CR or LF, with quotes doubled.
 * The store's event export uses it as well as {@link AuditCsv}.
 */
public final class Csv {

    private Csv() {
    }

    /** Writes rows. Not thread-safe. */
    public static final class Writer implements Closeable, Flushable {
        private final java.io.Writer out;

        /** Starts the file: writes the byte order mark. Closing the writer closes {@code out}. */
        public Writer(OutputStream out) throws IOException {
            this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            this.out.write('\uFEFF');
        }

        /** Writes one row; a null cell is written as an empty one. */
        public void row(String... cells) throws IOException {
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                cell(cells[i]);
            }
            out.write("\r\n");
        }

        /** Writes one row; a null cell is written as an empty one. */
        public void row(List<String> cells) throws IOException {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                cell(cells.get(i));
            }
            out.write("\r\n");
        }

        private void cell(String s) throws IOException {
            if (s == null || s.isEmpty()) {
                return;
            }
            boolean quote = false;
            for (int i = 0; i < s.length() && !quote; i++) {
                char c = s.charAt(i);
                quote = c == ',' || c == '"' || c == '\r' || c == '\n';
            }
            if (!quote) {
                out.write(s);
                return;
            }
            out.write('"');
            out.write(s.replace("\"", "\"\""));
            out.write('"');
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * Reads rows, strictly: a quote inside an unquoted field, text after a closing quote, an unterminated quoted field
     * or bytes that are not UTF-8 are a {@link CsvFormatException} naming line and column. Rows end with CRLF or LF
     * (a file saved again by another tool keeps its meaning); a leading byte order mark is skipped. Not thread-safe.
     */
    public static final class Reader implements Closeable {
        private final java.io.Reader in;
        private final char[] buf = new char[1 << 16];
        private int pos;
        private int end;
        private long line = 1;
        private long column = 1;
        private long rowLine;
        private boolean first = true;

        public Reader(InputStream in) {
            this.in = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        }

        /** The line on which the row last returned by {@link #next()} starts. */
        public long rowLine() {
            return rowLine;
        }

        /** The next row, or null at the end of the input (a final line break ends the last row, it adds none). */
        public List<String> next() throws IOException {
            if (first) {
                first = false;
                if (peek() == '\uFEFF') {
                    pos++;
                }
            }
            if (peek() < 0) {
                return null;
            }
            rowLine = line;
            List<String> row = new ArrayList<>(20);
            while (true) {
                String value = peek() == '"' ? quoted() : unquoted();
                row.add(value);
                int c = read();
                if (c == ',') {
                    continue;
                }
                if (c == '\r') {
                    if (peek() != '\n') {
                        throw new CsvFormatException(line, column - 1, "a carriage return not followed by a line feed;"
                                + " rows end with CRLF or LF");
                    }
                    read();
                }
                return row; // c is LF, CR LF or the end of the input
            }
        }

        /** An unquoted field up to (not including) the next comma, line break or end; whole runs at a time. */
        private String unquoted() throws IOException {
            StringBuilder partial = null;
            while (true) {
                if (pos == end && !fill()) {
                    return partial == null ? "" : partial.toString();
                }
                int i = pos;
                char c = 0;
                while (i < end) {
                    c = buf[i];
                    if (c == ',' || c == '\n' || c == '\r' || c == '"') {
                        break;
                    }
                    i++;
                }
                int n = i - pos;
                if (i < end && c == '"') {
                    throw new CsvFormatException(line, column + n, "a quote inside an unquoted field; quote the whole"
                            + " field and double the quote");
                }
                column += n;
                if (i < end) {
                    String run = new String(buf, pos, n);
                    pos = i;
                    return partial == null ? run : partial.append(run).toString();
                }
                if (partial == null) {
                    partial = new StringBuilder();
                }
                partial.append(buf, pos, n);
                pos = i;
            }
        }

        /** A quoted field, from its opening quote to the character after its closing quote. */
        private String quoted() throws IOException {
            long startLine = line;
            long startColumn = column;
            read();
            StringBuilder cell = new StringBuilder();
            while (true) {
                int q = read();
                if (q < 0) {
                    throw new CsvFormatException(startLine, startColumn, "the quoted field starting here is never closed");
                }
                if (q == '"') {
                    if (peek() != '"') {
                        break;
                    }
                    read();
                }
                cell.append((char) q);
            }
            int after = peek();
            if (after >= 0 && after != ',' && after != '\r' && after != '\n') {
                throw new CsvFormatException(line, column, "'" + (char) after + "' after the closing quote of a field;"
                        + " a quote inside a quoted field is written as two quotes");
            }
            return cell.toString();
        }

        private int peek() throws IOException {
            if (pos == end && !fill()) {
                return -1;
            }
            return buf[pos];
        }

        private int read() throws IOException {
            if (pos == end && !fill()) {
                return -1;
            }
            char c = buf[pos++];
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            return c;
        }

        private boolean fill() throws IOException {
            int n;
            try {
                n = in.read(buf, 0, buf.length);
            } catch (CharacterCodingException e) {
                throw new CsvFormatException(line, column, "the input is not UTF-8 text near here (" + e.getMessage() + ")");
            }
            if (n <= 0) {
                return false;
            }
            pos = 0;
            end = n;
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
