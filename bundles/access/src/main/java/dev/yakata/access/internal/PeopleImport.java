package dev.yakata.access.internal;

import dev.yakata.access.rules.AccessConfig;
import dev.yakata.access.rules.AccessFileException;
import dev.yakata.access.rules.PeopleCsvImport;
import java.nio.charset.Charset;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Turns a personnel system's CSV export into the text of a {@code people-<name>.cfg} file, checked against the files
 * in force (a person or card defined elsewhere is a bad row). The rules' side does the work
 * ({@code dev.yakata.access.rules.PeopleCsvImport}); the import-people action reads the file, writes the result and
 * reports.
 */
@FunctionalInterface
interface PeopleImport {

    /**
     * @param csvName the CSV file's name, which names the people file it becomes and its errors
     * @param csv     the file's bytes
     * @param charset the declared charset, or null to detect it (UTF-8 with or without BOM, else Shift_JIS/CP932)
     * @param current the configuration in force, or null when none has loaded
     * @throws IllegalArgumentException when the file cannot be imported at all (no header, a missing column); the
     *                                  message says what to fix
     */
    Result convert(String csvName, byte[] csv, Charset charset, AccessConfig current);

    /** The file to write in the access folder, its text for the good rows, its counts, and each bad row with why. */
    record Result(String fileName, String cfgText, int people, int cards, List<BadRow> badRows) {
        public Result {
            badRows = List.copyOf(badRows);
        }
    }

    /** A row left out, by its line in the CSV file. */
    record BadRow(int line, String reason) {
    }

    /** The rules' CSV import ({@link PeopleCsvImport}), comparing card numbers by their pseudonyms. */
    static PeopleImport withRules(UnaryOperator<String> cardPseudonym) {
        return (csvName, csv, charset, current) -> {
            if (current == null) {
                throw new IllegalArgumentException("no access files are in force, so there are no groups to import "
                        + "people into; fix etc/access/ first (yakata:access-status says what is wrong)");
            }
            PeopleCsvImport.Result result;
            try {
                result = PeopleCsvImport.read(csvName, csv, charset, current, cardPseudonym);
            } catch (AccessFileException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            return new Result(result.fileName(), result.text(), result.people(), result.cards(),
                    result.badRows().stream().map(r -> new BadRow(r.line(), r.reason())).toList());
        };
    }
}
