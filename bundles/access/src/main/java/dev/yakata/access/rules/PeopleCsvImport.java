package dev.yakata.access.rules;

import dev.yakata.access.rules.AccessConfig.Card;
import dev.yakata.access.rules.AccessConfig.Person;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CSV import of docs/access-control.md: a personnel system's export (a header, then one person and card a row)
 * turned into the text of a {@code people-<name>.cfg}. Bad rows are reported by line and left out; the good rows make
 * the file, which the caller writes whole (temporary file, then renamed over), so nothing is half-imported.
 *
 * <p>Columns by header name (case and spaces around it do not matter, other columns are ignored): {@code person_id}
 * and {@code card} are required; {@code name} (the person id when empty), {@code groups} (separated by {@code ;} or
 * {@code |}), {@code valid_from}, {@code valid_to} ({@code yyyy-mm-dd} or {@code yyyy/m/d}) and {@code state}
 * ({@code active} when empty) are optional. A person with several cards has several rows with the same id, name and
 * groups. A person or card number already defined in another people file is a bad row; the previous version of this
 * import's own file does not count, since the new one replaces it.
 *
 * <p>Card numbers appear only in the returned text (the file format needs them); no reason in the report repeats one.
 */
public final class PeopleCsvImport {

    /** A row left out: the line it starts on and why, with what to write instead. */
    public record BadRow(int line, String reason) {
    }

    /**
     * What an import gives.
     *
     * @param fileName the people file to write in etc/access/, {@code people-<name>.cfg}
     * @param text     its contents, in the people-file format, for the good rows
     * @param charset  the charset the CSV was read with (declared or detected)
     * @param rows     the data rows read (blank ones not counted)
     * @param people   the people in {@code text}
     * @param cards    the cards in {@code text}
     * @param badRows  the rows left out, in file order
     */
    public record Result(String fileName, String text, Charset charset, int rows, int people, int cards,
            List<BadRow> badRows) {
    }

    /** The Japanese Windows code page, which is what personnel systems mean by Shift_JIS. */
    public static final Charset WINDOWS_31J = Charset.forName("windows-31j");

    private static final List<String> COLUMNS = List.of("person_id", "name", "groups", "card", "valid_from",
            "valid_to", "state");
    private static final Pattern CSV_DATE = Pattern.compile("([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})");

    private PeopleCsvImport() {
    }

    /** {@code people-<csv file name without its extension>.cfg}, with characters a file name should not hold as -. */
    public static String fileNameFor(String csvFileName) {
        String base = Path.of(csvFileName).getFileName().toString();
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        StringBuilder safe = new StringBuilder();
        base.codePoints().forEach(c -> safe.appendCodePoint(Character.isLetterOrDigit(c) || c == '-' || c == '_'
                || c == '.' ? c : '-'));
        String name = safe.toString().replaceAll("-{2,}", "-").replaceAll("^[-.]+|-+$", "");
        return "people-" + (name.isEmpty() ? "import" : name) + ".cfg";
    }

    /**
     * Reads a CSV export.
     *
     * @param csvName       the CSV file's name: it names the people file ({@link #fileNameFor}) and the errors
     * @param csv           the file's bytes
     * @param charset       the declared charset, or null to detect it: a byte-order mark or valid UTF-8 is UTF-8,
     *                      anything else Shift_JIS (read as windows-31j, which a declared Shift_JIS also means)
     * @param existing      the configuration in force: groups must exist in it, and its people and cards (outside
     *                      the file this import replaces) must not be defined again
     * @param cardPseudonym the core's card pseudonym function, to compare card numbers with the files'
     * @throws AccessFileException for a problem with the whole file: not text in the charset, no header, a required
     *                             column missing, a quoted field never closed
     */
    public static Result read(String csvName, byte[] csv, Charset charset, AccessConfig existing,
            UnaryOperator<String> cardPseudonym) throws AccessFileException {
        Objects.requireNonNull(existing, "the configuration in force, to check groups, people and cards against");
        String target = fileNameFor(csvName);
        Charset used = charset;
        String text;
        boolean bom = csv.length >= 3 && (csv[0] & 0xff) == 0xEF && (csv[1] & 0xff) == 0xBB && (csv[2] & 0xff) == 0xBF;
        if (used != null && used.name().equals("Shift_JIS")) {
            used = WINDOWS_31J; // the same bytes, plus the characters Windows adds (①, ～ as Windows means it)
        }
        if (used == null) {
            used = bom || decodes(csv, StandardCharsets.UTF_8) ? StandardCharsets.UTF_8 : WINDOWS_31J;
        }
        text = decode(csv, used, csvName, charset == null);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }

        List<CsvRecords.Row> records = CsvRecords.split(text, csvName);
        int headerAt = 0;
        while (headerAt < records.size() && records.get(headerAt).blank()) {
            headerAt++;
        }
        if (headerAt == records.size()) {
            throw new AccessFileException(csvName, 0, "the file is empty; it needs a header line naming the columns, "
                    + "e.g. person_id,name,groups,card,valid_from,valid_to,state, then one row a card");
        }
        CsvRecords.Row header = records.get(headerAt);
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String column = header.fields().get(i).trim().toLowerCase(Locale.ROOT);
            if (COLUMNS.contains(column) && columns.put(column, i) != null) {
                throw new AccessFileException(csvName, header.line(), "the header names the column '" + column
                        + "' twice; keep one");
            }
        }
        for (String required : List.of("person_id", "card")) {
            if (!columns.containsKey(required)) {
                throw new AccessFileException(csvName, header.line(), "the header has no '" + required + "' column; "
                        + "the first line must name the columns, with person_id and card among them, e.g. "
                        + "person_id,name,groups,card,valid_from,valid_to,state");
            }
        }

        Rows rows = new Rows(target, existing, cardPseudonym, columns, header.fields().size());
        for (int r = headerAt + 1; r < records.size(); r++) {
            CsvRecords.Row record = records.get(r);
            if (!record.blank()) {
                rows.add(record);
            }
        }
        return new Result(target, rows.text(csvName, used), used, rows.read, rows.people.size(), rows.cardCount,
                List.copyOf(rows.bad));
    }

    /** The rows as they are checked: the people and cards so far, and the rows left out. */
    private static final class Rows {
        private record PersonRow(int line, String id, String name, List<String> groups, List<String> cardLines) {
        }

        final String target;
        final AccessConfig existing;
        final UnaryOperator<String> cardPseudonym;
        final Map<String, Integer> columns;
        final int width;
        final Map<String, PersonRow> people = new LinkedHashMap<>();
        final Map<String, String> cardsSeen = new HashMap<>();
        final List<BadRow> bad = new ArrayList<>();
        int read;
        int cardCount;

        Rows(String target, AccessConfig existing, UnaryOperator<String> cardPseudonym, Map<String, Integer> columns,
                int width) {
            this.target = target;
            this.existing = existing;
            this.cardPseudonym = cardPseudonym;
            this.columns = columns;
            this.width = width;
        }

        private String field(CsvRecords.Row row, String column) {
            Integer index = columns.get(column);
            return index == null || index >= row.fields().size() ? "" : row.fields().get(index).trim();
        }

        /** Whether a definition of the configuration in force sits outside the file this import replaces. */
        private boolean elsewhere(String where) {
            return !where.startsWith(target + ":");
        }

        void add(CsvRecords.Row row) {
            read++;
            String problem = check(row);
            if (problem != null) {
                bad.add(new BadRow(row.line(), problem));
            }
        }

        /** Adds a good row and returns null, or returns why the row is left out. */
        private String check(CsvRecords.Row row) {
            if (row.problem() != null) {
                return row.problem();
            }
            if (row.fields().size() > width) {
                return "the row has " + row.fields().size() + " fields and the header " + width + "; quote a value "
                        + "that holds a comma, e.g. \"Tanaka, Ichiro\"";
            }
            String id = field(row, "person_id");
            if (id.isEmpty()) {
                return "person_id is empty; every row needs the person's id";
            }
            String idProblem = Values.idProblem(id);
            if (idProblem != null) {
                return "person_id '" + id + "' " + idProblem + "; an id is one word without spaces, commas, quotes or #";
            }
            String name = field(row, "name");
            if (name.isEmpty()) {
                name = id;
            }
            if (name.chars().anyMatch(Character::isISOControl)) {
                return "the name of " + id + " holds a line break or control character; write it on one line";
            }
            List<String> groups = new ArrayList<>();
            for (String group : field(row, "groups").split("[;|]")) {
                String trimmed = group.trim();
                if (trimmed.isEmpty() || groups.contains(trimmed)) {
                    continue;
                }
                if (!existing.groups().containsKey(trimmed)) {
                    return "group '" + trimmed + "' of " + id + " is not defined in policies.cfg; define it there "
                            + "with 'group " + trimmed + "' or use " + Values.choices(trimmed,
                            existing.groups().keySet()) + (trimmed.contains(",") ? " (separate groups with ; or |)"
                            : "");
                }
                groups.add(trimmed);
            }
            String number = field(row, "card");
            String numberProblem = Values.cardNumberProblem(number);
            if (numberProblem != null) {
                return "the card number of " + id + " " + numberProblem;
            }
            StringBuilder dateProblem = new StringBuilder();
            LocalDate from = csvDate(field(row, "valid_from"), "valid_from", dateProblem);
            LocalDate to = csvDate(field(row, "valid_to"), "valid_to", dateProblem);
            if (dateProblem.length() > 0) {
                return dateProblem.toString();
            }
            if (from != null && to != null && to.isBefore(from)) {
                return "the card of " + id + " would be valid from " + from + " to " + to + ", which ends before it "
                        + "starts; swap valid_from and valid_to";
            }
            String stateText = field(row, "state").toLowerCase(Locale.ROOT);
            CardState state = stateText.isEmpty() ? CardState.ACTIVE : ConfigParser.cardState(stateText);
            if (state == null) {
                return "state '" + stateText + "' of " + id + "'s card is not active, suspended, lost or revoked; "
                        + "leave it empty for active";
            }

            Person defined = existing.people().get(id);
            if (defined != null && elsewhere(defined.where())) {
                return "person " + id + " is already defined at " + defined.where() + "; a person is defined once "
                        + "across the people files: remove the row or that line";
            }
            PersonRow earlier = people.get(id);
            if (earlier != null && (!earlier.name().equals(name)
                    || !new HashSet<>(earlier.groups()).equals(new HashSet<>(groups)))) {
                return "person " + id + " is on line " + earlier.line() + " with another name or other groups; give "
                        + "a person the same name and groups on each of their rows";
            }
            String pseudonym = cardPseudonym.apply(number);
            Card card = existing.cards().get(pseudonym);
            if (card != null && elsewhere(card.where())) {
                return "this card number is already given to " + card.person().id() + " at " + card.where() + "; a "
                        + "card number belongs to one person: remove the row or that line";
            }
            String sameCard = cardsSeen.get(pseudonym);
            if (sameCard != null) {
                return "this card number is already on " + sameCard + "; a card number belongs to one person: keep "
                        + "one of the rows";
            }

            if (earlier == null) {
                earlier = new PersonRow(row.line(), id, name, List.copyOf(groups), new ArrayList<>());
                people.put(id, earlier);
            }
            cardsSeen.put(pseudonym, "line " + row.line() + " (" + id + ")");
            StringBuilder line = new StringBuilder("card ").append(id).append(' ').append(number);
            if (from != null || to != null) {
                line.append(" valid ").append(from == null ? "" : from).append("..").append(to == null ? "" : to);
            }
            if (state != CardState.ACTIVE) {
                line.append(" state ").append(state.name().toLowerCase(Locale.ROOT));
            }
            earlier.cardLines().add(line.toString());
            cardCount++;
            return null;
        }

        String text(String csvName, Charset charset) {
            StringBuilder text = new StringBuilder();
            text.append("# ").append(target).append(": written by yakata:access-import from ").append(csvName)
                    .append(" (").append(charset.name()).append(");\n# the next import of a file of that name "
                            + "replaces it whole. Edit the CSV, not this file.\n");
            text.append("# ").append(people.size()).append(people.size() == 1 ? " person, " : " people, ")
                    .append(cardCount).append(cardCount == 1 ? " card; " : " cards; ")
                    .append(bad.size()).append(bad.size() == 1 ? " row" : " rows").append(" left out.\n");
            for (PersonRow person : people.values()) {
                text.append("person ").append(person.id()).append(" name ").append(quoted(person.name()));
                if (!person.groups().isEmpty()) {
                    text.append(" groups ").append(String.join(",", person.groups()));
                }
                text.append('\n');
                for (String card : person.cardLines()) {
                    text.append(card).append('\n');
                }
            }
            return text.toString();
        }
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static LocalDate csvDate(String text, String column, StringBuilder problem) {
        if (text.isEmpty() || problem.length() > 0) {
            return null;
        }
        Matcher m = CSV_DATE.matcher(text);
        if (m.matches()) {
            try {
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)));
            } catch (java.time.DateTimeException e) {
                problem.append(column).append(" '").append(text).append("' is not a day of the calendar; write a "
                        + "real date as yyyy-mm-dd, e.g. 2026-04-01");
                return null;
            }
        }
        problem.append(column).append(" '").append(text).append("' is not a date; write yyyy-mm-dd or yyyy/mm/dd, "
                + "e.g. 2026-04-01, or leave it empty");
        return null;
    }

    private static boolean decodes(byte[] bytes, Charset charset) {
        try {
            strict(charset).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static CharsetDecoder strict(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static String decode(byte[] bytes, Charset charset, String csvName, boolean detected)
            throws AccessFileException {
        CharsetDecoder decoder = strict(charset);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) (bytes.length * (double) decoder.maxCharsPerByte()) + 1);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new AccessFileException(csvName, line, detected
                    ? "this line is neither UTF-8 nor Shift_JIS (CP932) text; save the CSV in one of them, or give "
                    + "its charset with --charset"
                    : "this line is not " + charset.name() + " text; give the CSV's real charset with --charset, or "
                    + "leave it out to detect UTF-8 or Shift_JIS");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

}
