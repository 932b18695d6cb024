package dev.yakata.access.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.access.rules.PeopleCsvImport.BadRow;
import dev.yakata.access.rules.PeopleCsvImport.Result;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PeopleCsvImportTest {

    private static final Charset SHIFT_JIS = Charset.forName("windows-31j");
    private static final String HEADER = "person_id,name,groups,card,valid_from,valid_to,state\r\n";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private Path dir;
    private AccessConfig config;

    @Before
    public void setUp() throws Exception {
        dir = Fixture.write(folder.getRoot().toPath());
        config = Fixture.load(dir);
    }

    private Result read(String csv, Charset encoding, Charset declared) throws AccessFileException {
        return PeopleCsvImport.read("personnel.csv", csv.getBytes(encoding), declared, config, Fixture::pseudonym);
    }

    /** Writes the import's file where the hub reads it and loads the folder again. */
    private AccessConfig install(Result result) throws Exception {
        Files.writeString(dir.resolve(result.fileName()), result.text(), StandardCharsets.UTF_8);
        return Fixture.load(dir);
    }

    @Test
    public void aUtf8ExportBecomesAPeopleFileTheHubLoads() throws Exception {
        Result result = read(HEADER
                + "E0001,田中 一郎,staff;it,csv-0001,2026-04-01,2027-03-31,\r\n"
                + "E0002,髙橋 花子,visitor|staff,csv-0002,,2026/9/30,suspended\r\n", StandardCharsets.UTF_8, null);
        assertEquals("people-personnel.cfg", result.fileName());
        assertEquals(StandardCharsets.UTF_8, result.charset());
        assertEquals(List.of(), result.badRows());
        assertEquals(2, result.rows());
        assertEquals(2, result.people());
        assertEquals(2, result.cards());
        assertTrue(result.text(), result.text().contains("person E0001 name \"田中 一郎\" groups staff,it\n"
                + "card E0001 csv-0001 valid 2026-04-01..2027-03-31\n"
                + "person E0002 name \"髙橋 花子\" groups visitor,staff\n"
                + "card E0002 csv-0002 valid ..2026-09-30 state suspended\n"));

        AccessConfig loaded = install(result);
        assertEquals("E0001", loaded.personOfCard(Fixture.pseudonym("csv-0001")));
        assertEquals("髙橋 花子", loaded.people().get("E0002").name());
        assertEquals(CardState.SUSPENDED, loaded.cards().get(Fixture.pseudonym("csv-0002")).state());
        assertTrue(loaded.people().get("E0002").escortRequired());
    }

    @Test
    public void aByteOrderMarkIsReadAsUtf8AndNotAsPartOfTheFirstColumn() throws Exception {
        byte[] body = (HEADER + "E0001,田中 一郎,staff,csv-0001,,,\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Result result = PeopleCsvImport.read("personnel.csv", withBom, null, config, Fixture::pseudonym);
        assertEquals(StandardCharsets.UTF_8, result.charset());
        assertEquals(1, result.people());
        assertEquals("田中 一郎", install(result).people().get("E0001").name());
    }

    @Test
    public void aShiftJisExportIsDetectedAndItsJapaneseNamesKept() throws Exception {
        String csv = HEADER + "E0003,渡辺 髙子,staff,csv-0003,2026-04-01,,\r\nE0004,①号 ～ 斎藤,it,csv-0004,,,\r\n";
        Result result = read(csv, SHIFT_JIS, null);
        assertEquals(SHIFT_JIS, result.charset());
        assertEquals(List.of(), result.badRows());
        AccessConfig loaded = install(result);
        assertEquals("渡辺 髙子", loaded.people().get("E0003").name());
        assertEquals("Windows characters (①, ～) are read as Windows writes them", "①号 ～ 斎藤",
                loaded.people().get("E0004").name());
        assertEquals("the people file itself is UTF-8", "渡辺 髙子",
                Files.readString(dir.resolve("people-personnel.cfg"), StandardCharsets.UTF_8).lines()
                        .filter(l -> l.startsWith("person E0003")).findFirst().orElseThrow().split("\"")[1]);
    }

    @Test
    public void aDeclaredShiftJisIsReadAsWindows31j() throws Exception {
        Result result = read(HEADER + "E0004,①号 斎藤,it,csv-0004,,,\r\n", SHIFT_JIS, Charset.forName("Shift_JIS"));
        assertEquals(SHIFT_JIS, result.charset());
        assertTrue(result.text(), result.text().contains("name \"①号 斎藤\""));
    }

    @Test
    public void aWrongDeclaredCharsetIsAnErrorForTheWholeFile() throws Exception {
        try {
            read(HEADER + "E0001,ok,staff,csv-0001,,,\r\nE0003,渡辺,staff,csv-0003,,,\r\n", SHIFT_JIS,
                    StandardCharsets.UTF_8);
            fail();
        } catch (AccessFileException e) {
            assertEquals("personnel.csv", e.file());
            assertEquals(3, e.line());
            assertTrue(e.getMessage(), e.getMessage().contains("not UTF-8 text; give the CSV's real charset with "
                    + "--charset"));
        }
    }

    @Test
    public void badRowsAreReportedByLineAndTheGoodOnesKept() throws Exception {
        String csv = HEADER
                + "E0001,田中 一郎,staff,csv-0001,,,\r\n"                    // 2 good
                + "E0002,佐々木,staf,csv-0002,,,\r\n"                       // 3 unknown group
                + "E0003,木村,staff,csv 0003,,,\r\n"                        // 4 card number with a space
                + "E0004,松本,staff,csv-0004,2026-02-30,,\r\n"              // 5 not a date
                + "E0005,井上,staff,csv-0001,,,\r\n"                        // 6 same card as line 2
                + "E0006,林,staff,staff-0200,,,\r\n"                        // 7 a card of people.cfg
                + "P0107,山田 太郎,staff,csv-0007,,,\r\n"                    // 8 a person of people.cfg
                + "E0001,田中 一郎,it,csv-0008,,,\r\n"                       // 9 the same person, other groups
                + ",名無し,staff,csv-0009,,,\r\n"                           // 10 no id
                + "E0010,清水,staff,csv-0010,,,missing\r\n"                // 11 bad state
                + "E0011,山口,staff,csv-0011,2027-01-01,2026-01-01,\r\n"   // 12 ends before it starts
                + "E0012,森,staff,csv-0012,,,,extra\r\n"                   // 13 a field too many
                + "\r\n"                                                    // 14 blank: skipped
                + "E0001,田中 一郎,staff,csv-0013,,,\r\n"                   // 15 good: a second card
                + "E0014,小林,staff;it,csv-0014,,,\r\n"                    // 16 good
                + "E0014,小林,it|staff,csv-0015,,,\r\n";                   // 17 good: the same groups, another order
        Result result = read(csv, StandardCharsets.UTF_8, null);
        assertEquals(15, result.rows());
        assertEquals(2, result.people());
        assertEquals(4, result.cards());
        List<BadRow> bad = result.badRows();
        assertEquals(List.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), bad.stream().map(BadRow::line).toList());
        assertReason(bad.get(0), "group 'staf' of E0002 is not defined in policies.cfg", "staff");
        assertReason(bad.get(1), "the card number of E0003 has a space");
        assertReason(bad.get(2), "valid_from '2026-02-30' is not a day of the calendar");
        assertReason(bad.get(3), "this card number is already on line 2 (E0001)");
        assertReason(bad.get(4), "this card number is already given to P0200 at people.cfg:7");
        assertReason(bad.get(5), "person P0107 is already defined at people.cfg:1");
        assertReason(bad.get(6), "person E0001 is on line 2 with another name or other groups");
        assertReason(bad.get(7), "person_id is empty");
        assertReason(bad.get(8), "state 'missing' of E0010's card is not active, suspended, lost or revoked");
        assertReason(bad.get(9), "which ends before it starts; swap valid_from and valid_to");
        assertReason(bad.get(10), "the row has 8 fields and the header 7; quote a value that holds a comma");
        for (BadRow row : bad) {
            for (String number : List.of("csv 0003", "csv-0001", "staff-0200", "csv-0007", "csv-0009")) {
                assertFalse("no reason repeats a card number: " + row.reason(), row.reason().contains(number));
            }
        }
        assertTrue(result.text(), result.text().contains("# people-personnel.cfg: written by yakata:access-import "
                + "from personnel.csv (UTF-8)"));
        assertTrue(result.text(), result.text().contains("2 people, 4 cards; 11 rows left out."));
        AccessConfig loaded = install(result);
        assertEquals("E0001", loaded.personOfCard(Fixture.pseudonym("csv-0013")));
        assertEquals(null, loaded.personOfCard(Fixture.pseudonym("csv-0002")));
    }

    private static void assertReason(BadRow row, String... fragments) {
        for (String fragment : fragments) {
            assertTrue("'" + fragment + "' missing from line " + row.line() + ": " + row.reason(),
                    row.reason().contains(fragment));
        }
    }

    @Test
    public void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws Exception {
        String csv = "card,person_id,department,name,groups\n"
                + "csv-0001,E0001,\"営業部, 東京\",\"Tanaka, \"\"Ken\"\"\",staff\n"
                + "csv-0002,E0002,\"二行の\r\n部署名\",鈴木,\"staff;it\"\n"
                + "csv-0003,E0003,x,\"改行\nのある名前\",staff\n"
                + "csv-0004,E0004,x,\"閉じたあとに\"文字,staff\n";
        Result result = read(csv, StandardCharsets.UTF_8, null);
        assertEquals(2, result.people());
        assertEquals("the record after a two-line field starts on line 5",
                List.of(5, 7), result.badRows().stream().map(BadRow::line).toList());
        assertReason(result.badRows().get(0), "holds a line break", "write it on one line");
        assertReason(result.badRows().get(1), "field 4 has text after its closing quote");
        AccessConfig loaded = install(result);
        assertEquals("Tanaka, \"Ken\"", loaded.people().get("E0001").name());
        assertEquals(List.of("staff", "it"), loaded.people().get("E0002").groups());
    }

    @Test
    public void columnsAreFoundByNameWhateverTheirOrderCaseOrSpacing() throws Exception {
        Result result = read(" Card , PERSON_ID ,社員番号\ncsv-0001,E0001,123\n", StandardCharsets.UTF_8, null);
        assertEquals(List.of(), result.badRows());
        AccessConfig loaded = install(result);
        assertEquals("without a name column the id is the name", "E0001", loaded.people().get("E0001").name());
        assertEquals("without groups the person may only leave", List.of(), loaded.people().get("E0001").groups());
    }

    @Test
    public void aMissingRequiredColumnIsAnErrorForTheWholeFile() throws Exception {
        try {
            read("person_id,name,groups\nE0001,田中,staff\n", StandardCharsets.UTF_8, null);
            fail();
        } catch (AccessFileException e) {
            assertEquals("personnel.csv:1: the header has no 'card' column; the first line must name the columns, "
                    + "with person_id and card among them, e.g. person_id,name,groups,card,valid_from,valid_to,state",
                    e.getMessage());
        }
        try {
            read("\n\nname,card\n田中,csv-0001\n", StandardCharsets.UTF_8, null);
            fail();
        } catch (AccessFileException e) {
            assertEquals(3, e.line());
            assertTrue(e.getMessage(), e.getMessage().contains("no 'person_id' column"));
        }
        try {
            read("", StandardCharsets.UTF_8, null);
            fail();
        } catch (AccessFileException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("the file is empty"));
        }
    }

    @Test
    public void aQuoteNeverClosedIsAnErrorForTheWholeFile() throws Exception {
        try {
            read(HEADER + "E0001,\"田中,staff,csv-0001,,,\r\nE0002,b,staff,csv-0002,,,\r\n", StandardCharsets.UTF_8,
                    null);
            fail();
        } catch (AccessFileException e) {
            assertEquals(2, e.line());
            assertTrue(e.getMessage(), e.getMessage().contains("never closed"));
        }
    }

    @Test
    public void reImportingTheSameFileReplacesItsPeopleRatherThanClashingWithThem() throws Exception {
        String csv = HEADER + "E0001,田中 一郎,staff,csv-0001,,,\r\n";
        config = install(read(csv, StandardCharsets.UTF_8, null));
        Result again = read(csv + "E0002,佐藤,staff,csv-0002,,,\r\n", StandardCharsets.UTF_8, null);
        assertEquals(List.of(), again.badRows());
        assertEquals(2, again.people());
        Result other = PeopleCsvImport.read("contractors.csv", csv.getBytes(StandardCharsets.UTF_8), null, config,
                Fixture::pseudonym);
        assertEquals("another import may not define them again", 1, other.badRows().size());
        assertReason(other.badRows().get(0), "person E0001 is already defined at people-personnel.cfg:4");
    }

    @Test
    public void theFileIsNamedAfterTheCsv() {
        assertEquals("people-personnel.cfg", PeopleCsvImport.fileNameFor("personnel.csv"));
        assertEquals("people-社員-一覧-2026.cfg", PeopleCsvImport.fileNameFor("/tmp/exports/社員 一覧(2026).csv"));
        assertEquals("people-import.cfg", PeopleCsvImport.fileNameFor("().csv"));
        assertEquals("people-hr.2026.cfg", PeopleCsvImport.fileNameFor("hr.2026.CSV"));
    }
}
