package dev.yakata.chain;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The audit export: one CSV file ({@link Csv}: UTF-8 with BOM, RFC 4180, CRLF) holding the records of one or more
 * chains and their signed checkpoints, everything the offline verifier needs.
 *
 * <p>One header row, then one row per record or checkpoint, told apart by the first column, {@code record_type}:
 * <pre>
 * record_type,chain,sequence,time,kind,user,channel,device,action,arguments,outcome,reason,event_id,previous_hash,hash,key_id,signature
 * checkpoint,audit,1,2026-12-01T22:46:00Z,,,,,,,,,,,3f2a...,1a2b3c4d5e6f7a8b,9c0d...
 * record,audit,1,2026-12-01T22:45:00.123456Z,command,alice,shell,door-1,unlock,,ACCEPTED,delivery,e-17,000...000,3f2a...,,
 * </pre>
 * A checkpoint row uses {@code sequence} for its count, {@code time} for when it was signed and {@code hash} for the
 * head hash. Times are ISO-8601 UTC with up to microseconds, exactly as hashed. Rows may come in any order, but
 * write the checkpoints first and then each chain's records together, by sequence: the verifier then reads the file
 * once instead of once per chain plus once.
 */
public final class AuditCsv {

    /** The header row, which is also the format's version: a reader refuses any other. */
    public static final List<String> HEADER = List.of("record_type", "chain", "sequence", "time", "kind", "user", "channel",
            "device", "action", "arguments", "outcome", "reason", "event_id", "previous_hash", "hash", "key_id", "signature");

    static final String RECORD = "record";
    static final String CHECKPOINT = "checkpoint";

    private AuditCsv() {
    }

    /** Writes an export: the header at once, then the rows given. Not thread-safe. */
    public static final class Writer implements Closeable, Flushable {
        private final Csv.Writer csv;
        private final String[] row = new String[HEADER.size()];

        public Writer(OutputStream out) throws IOException {
            csv = new Csv.Writer(out);
            csv.row(HEADER);
        }

        public void record(ChainedRecord r) throws IOException {
            AuditFields f = r.fields();
            Arrays.fill(row, "");
            row[0] = RECORD;
            row[1] = r.chain();
            row[2] = Long.toString(r.sequence());
            row[3] = f.time().toString();
            row[4] = f.kind();
            row[5] = f.user();
            row[6] = f.channel();
            row[7] = f.device();
            row[8] = f.action();
            row[9] = f.arguments();
            row[10] = f.outcome();
            row[11] = f.reason();
            row[12] = f.eventId();
            row[13] = r.previousHash();
            row[14] = r.hash();
            csv.row(row);
        }

        public void checkpoint(Checkpoint c) throws IOException {
            Arrays.fill(row, "");
            row[0] = CHECKPOINT;
            row[1] = c.chain();
            row[2] = Long.toString(c.count());
            row[3] = c.time().toString();
            row[14] = c.headHash();
            row[15] = c.keyId();
            row[16] = c.signature();
            csv.row(row);
        }

        @Override
        public void flush() throws IOException {
            csv.flush();
        }

        @Override
        public void close() throws IOException {
            csv.close();
        }
    }

    /**
     * One row of an export: exactly one of {@code record} and {@code checkpoint} is set.
     *
     * @param line the line of the file it starts on
     */
    public record Entry(long line, ChainedRecord record, Checkpoint checkpoint) {
    }

    /**
     * Reads an export row by row. A header other than {@link #HEADER}, a row with another number of fields, an unknown
     * record type, a sequence that is no number or a time that is no ISO-8601 instant is a {@link CsvFormatException}
     * naming line and column (for row faults the column is the field's number). Hashes and signatures are read as
     * they are: whether they are right is the verifier's question. Not thread-safe.
     */
    public static final class Reader implements Closeable {
        private final Csv.Reader csv;
        private final String onlyChain;
        private boolean headerRead;

        public Reader(InputStream in) {
            this(in, null);
        }

        /** A reader that returns only the records of {@code onlyChain} (when not null), and parses no other row further. */
        Reader(InputStream in, String onlyChain) {
            csv = new Csv.Reader(in);
            this.onlyChain = onlyChain;
        }

        /** The next record or checkpoint, or null at the end. */
        public Entry next() throws IOException {
            while (true) {
                List<String> row = nextRow();
                if (row == null) {
                    return null;
                }
                if (onlyChain == null || row.get(0).equals(RECORD) && row.get(1).equals(onlyChain)) {
                    return parse(row, csv.rowLine());
                }
            }
        }

        /** The next row, checked for its width, record type and chain only; null at the end. */
        List<String> nextRow() throws IOException {
            if (!headerRead) {
                headerRead = true;
                checkHeader(csv.next());
            }
            List<String> row = csv.next();
            if (row == null) {
                return null;
            }
            long line = csv.rowLine();
            if (row.size() != HEADER.size()) {
                throw new CsvFormatException(line, Math.min(row.size(), HEADER.size()) + 1, "this row has " + row.size()
                        + " fields, the header " + HEADER.size() + " (a line break in a field that is not quoted?)");
            }
            if (!row.get(0).equals(RECORD) && !row.get(0).equals(CHECKPOINT)) {
                throw new CsvFormatException(line, 1, "record_type '" + row.get(0) + "' is neither '" + RECORD + "' nor '"
                        + CHECKPOINT + "'");
            }
            if (row.get(1).isEmpty()) {
                throw new CsvFormatException(line, 2, "the chain is empty");
            }
            return row;
        }

        /** The line the row last returned starts on. */
        long rowLine() {
            return csv.rowLine();
        }

        @Override
        public void close() throws IOException {
            csv.close();
        }
    }

    private static void checkHeader(List<String> header) throws CsvFormatException {
        if (header == null) {
            throw new CsvFormatException(1, 1, "the file is empty; an audit export starts with the header "
                    + String.join(",", HEADER));
        }
        for (int i = 0; i < HEADER.size(); i++) {
            String found = i < header.size() ? header.get(i) : "";
            if (!HEADER.get(i).equals(found)) {
                throw new CsvFormatException(1, i + 1, "expected the column '" + HEADER.get(i) + "', found '" + found
                        + "': this is not a Yakata audit export (its header is " + String.join(",", HEADER) + ")");
            }
        }
        if (header.size() != HEADER.size()) {
            throw new CsvFormatException(1, HEADER.size() + 1, "the header has " + header.size() + " columns, expected "
                    + HEADER.size() + ": this is not a Yakata audit export of this version");
        }
    }

    /** A row that {@link Reader#nextRow()} accepted, as a record or checkpoint. */
    static Entry parse(List<String> row, long line) throws CsvFormatException {
        String chain = row.get(1);
        long sequence;
        try {
            sequence = Long.parseLong(row.get(2));
        } catch (NumberFormatException e) {
            throw new CsvFormatException(line, 3, "sequence '" + row.get(2) + "' is not a whole number");
        }
        Instant time = parseInstant(row.get(3));
        if (time == null) {
            throw new CsvFormatException(line, 4, "time '" + row.get(3)
                    + "' is not an ISO-8601 UTC instant like 2026-12-01T22:45:00.123456Z");
        }
        if (row.get(0).equals(RECORD)) {
            AuditFields f = new AuditFields(time, row.get(4), row.get(5), row.get(6), row.get(7), row.get(8), row.get(9),
                    row.get(10), row.get(11), row.get(12));
            return new Entry(line, new ChainedRecord(chain, sequence, f, row.get(13), row.get(14)), null);
        }
        return new Entry(line, null, new Checkpoint(chain, sequence, row.get(14), time, row.get(15), row.get(16)));
    }

    /**
     * Parses {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} as {@link Instant#toString()} writes it, without the general
     * formatter (which took most of the offline verifier's time); any other form goes to {@link Instant#parse}.
     * Null when it is no instant.
     */
    static Instant parseInstant(String s) {
        int n = s.length();
        if (n >= 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z' && (n == 20 || s.charAt(19) == '.' && n > 21 && n <= 30)) {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 7);
            int day = digits(s, 8, 10);
            int hour = digits(s, 11, 13);
            int minute = digits(s, 14, 16);
            int second = digits(s, 17, 19);
            int nano = 0;
            if (n > 20) {
                int fraction = digits(s, 20, n - 1);
                nano = fraction < 0 ? -1 : fraction * POWERS[9 - (n - 21)];
            }
            if (year >= 0 && month >= 1 && day >= 1 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60
                    && second >= 0 && second < 60 && nano >= 0) {
                try {
                    long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
                    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nano);
                } catch (java.time.DateTimeException e) {
                    return null; // 2026-02-30 and the like
                }
            }
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

    /** The decimal number in s[from, to), or -1 when a character is no digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * A whole export in memory (for small ones and tests; the verifier of a file streams, see
     * {@link ChainVerifier#verifyExport(java.nio.file.Path)}).
     */
    public record Export(List<ChainedRecord> records, List<Checkpoint> checkpoints) {
    }

    /** Reads a whole export; {@code in} is closed. */
    public static Export readAll(InputStream in) throws IOException {
        List<ChainedRecord> records = new ArrayList<>();
        List<Checkpoint> checkpoints = new ArrayList<>();
        try (Reader reader = new Reader(in)) {
            for (Entry e = reader.next(); e != null; e = reader.next()) {
                if (e.record() != null) {
                    records.add(e.record());
                } else {
                    checkpoints.add(e.checkpoint());
                }
            }
        }
        return new Export(records, checkpoints);
    }
}
