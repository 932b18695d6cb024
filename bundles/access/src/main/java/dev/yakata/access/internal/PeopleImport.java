package dev.yakata.access.internal;

import dev.yakata.access.rules.AccessConfig;
import java.nio.charset.Charset;
import java.util.List;

/**
 * Turns a personnel system's CSV export into the text of a {@code people-<name>.cfg} file, checked against the files
 * in force (a person or card defined elsewhere is a bad row). The rules' side does the work
 * ({@code dev.yakata.access.rules.PeopleCsvImport}); the import-people action reads the file, writes the result and
 * reports.
 */
@FunctionalInterface
interface PeopleImport {

    /**
     * @param csv     the file's bytes
     * @param charset the declared charset, or null to detect it (UTF-8 with or without BOM, else Shift_JIS/CP932)
     * @param current the configuration in force, or null when none has loaded
     * @throws IllegalArgumentException when the file cannot be imported at all (no header, a missing column); the
     *                                  message says what to fix
     */
    Result convert(byte[] csv, Charset charset, AccessConfig current);

    /** The good rows as one file's text, how many people and cards it holds, and each bad row with why. */
    record Result(String cfgText, int people, int cards, List<BadRow> badRows) {
        public Result {
            badRows = List.copyOf(badRows);
        }
    }

    /** A row left out, by its line in the CSV file. */
    record BadRow(int line, String reason) {
    }

    /**
     * Until the rules' import is wired in: every import is refused, saying so.
     * TODO(merge wip3/access-rules): replace in AccessRuntime's caller with
     * {@code (csv, charset, current) -> PeopleCsvImport...(csv, charset, current, pseudonyms::ofCard)} mapped to
     * {@link Result}.
     */
    PeopleImport NOT_AVAILABLE = (csv, charset, current) -> {
        throw new UnsupportedOperationException("import-people is not available in this build: the CSV import of "
                + "the access rules is not wired in yet");
    };
}
