package dev.yakata.access.internal;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import org.junit.Test;

/** An import's people file is named after the CSV, in characters a file name and the reload take as they are. */
public class PeopleImportNameTest {

    @Test
    public void theNameIsTheCsvsWithoutItsExtensionInLettersDigitsAndDashes() {
        assertEquals("hr-export-2026", PeopleImportAction.name(Path.of("/tmp/HR export 2026.csv")));
        assertEquals("社員一覧", PeopleImportAction.name(Path.of("社員一覧.CSV")));
        assertEquals("staff_list", PeopleImportAction.name(Path.of("staff_list")));
        assertEquals("import", PeopleImportAction.name(Path.of("...csv")));
    }
}
