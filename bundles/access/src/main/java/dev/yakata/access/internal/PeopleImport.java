package dev.yakata.access.internal;

import dev.yakata.access.rules.AccessConfig;
import dev.yakata.access.rules.AccessFileException;
import dev.yakata.access.rules.PeopleCsvImport;
import java.nio.charset.Charset;
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
    PeopleCsvImport.Result convert(String csvName, byte[] csv, Charset charset, AccessConfig current);

    /** The rules' CSV import ({@link PeopleCsvImport}), comparing card numbers by their pseudonyms. */
    static PeopleImport withRules(UnaryOperator<String> cardPseudonym) {
        return (csvName, csv, charset, current) -> {
            if (current == null) {
                throw new IllegalArgumentException("no access files are in force, so there are no groups to import "
                        + "people into; fix etc/access/ first (yakata:access-status says what is wrong)");
            }
            try {
                return PeopleCsvImport.read(csvName, csv, charset, current, cardPseudonym);
            } catch (AccessFileException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        };
    }
}
