package dev.yakata.access.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.access.rules.AccessConfig.DoorSpec;
import dev.yakata.access.rules.AccessConfig.Passback;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AccessFilesTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private Path dir;

    @Before
    public void setUp() throws Exception {
        dir = Fixture.write(folder.getRoot().toPath());
    }

    private static String replaceLine(String text, int line, String replacement) {
        String[] lines = text.split("\n", -1);
        lines[line - 1] = replacement;
        return String.join("\n", lines);
    }

    /** Writes {@code text} as {@code file} over the demo's and returns the error loading gives. */
    private AccessFileException failure(String file, String text) throws Exception {
        Files.writeString(dir.resolve(file), text);
        try {
            Fixture.load(dir);
        } catch (AccessFileException e) {
            return e;
        }
        throw new AssertionError("loading was expected to fail with " + file + ":\n" + text);
    }

    private static void assertError(AccessFileException e, String file, int line, String... fragments) {
        assertEquals(e.getMessage(), file, e.file());
        assertEquals(e.getMessage(), line, e.line());
        assertTrue(e.getMessage(), e.getMessage().startsWith(file + (line > 0 ? ":" + line : "") + ": "));
        for (String fragment : fragments) {
            assertTrue("'" + fragment + "' missing from: " + e.getMessage(), e.getMessage().contains(fragment));
        }
    }

    @Test
    public void theDemoBuildingLoadsWithItsDoorsZonesRoomsAndFireRelease() throws Exception {
        AccessConfig config = Fixture.load(dir);
        assertEquals(List.of("zones.cfg", "policies.cfg", "people.cfg", "holidays.cfg"), config.files());
        assertEquals(5, config.doors().size());
        DoorSpec server = config.door("door.2f.server-room");
        assertEquals(new DoorSpec("door.2f.server-room", "back-office", "server-room", "entry", "exit", 3, "", 5, 30),
                server);
        DoorSpec main = config.door("door.1f.main-entrance");
        assertEquals("opening-hours", main.freeDuring());
        assertEquals("the defaults: 5 s unlock, 30 s held open", 5, main.unlockSeconds());
        assertEquals(30, main.heldOpenSeconds());
        assertEquals(1, main.level());
        assertEquals("in", config.door("door.2f.lab").entryReader());
        assertEquals("out", config.door("door.2f.lab").exitReader());
        assertEquals(7, config.door("door.2f.back-office").unlockSeconds());
        assertNull(config.door("door.9f.nowhere"));
        assertEquals(List.of(new AccessConfig.RoomSpec("server-room", "server-room", "サーバー室", 4 * 3600)),
                config.rooms());
        assertEquals(List.of(new AccessConfig.FireRelease("fire.panel", "alarm",
                List.of("door.1f.main-entrance", "door.1f.staff-entrance"))), config.fireReleases());
        assertEquals(3, config.levelOf("server-room"));
        assertEquals(-1, config.levelOf("attic"));
        AccessConfig.ZoneSpec server2 = config.zones().get(3);
        assertEquals(new AccessConfig.ZoneSpec("server-room", 3, "サーバー室", Passback.HARD, 12 * 3600), server2);
        assertEquals(Passback.SOFT, config.zones().get(4).passback());
        assertEquals(5, config.peopleCount());
        assertEquals(10, config.cardCount());
        assertEquals(8, config.ruleCount());
        assertEquals("5 people, 10 cards, 5 doors, 5 zones, 1 room, 4 groups, 4 schedules, 8 rules, 18 holidays; "
                + "files: zones.cfg, policies.cfg, people.cfg, holidays.cfg", config.summary());
    }

    @Test
    public void cardsAreKnownByPseudonymOnlyNeverByNumber() throws Exception {
        AccessConfig config = Fixture.load(dir);
        assertEquals("P0107", config.personOfCard(Fixture.pseudonym("staff-0107")));
        assertNull("the number itself is not kept", config.personOfCard("staff-0107"));
        assertNull(config.personOfCard(Fixture.pseudonym("nobody's card")));
        assertFalse(config.summary().contains("staff-0107"));
    }

    @Test
    public void peopleAndHolidaysMayBeMissingButZonesAndPoliciesMustExist() throws Exception {
        Files.delete(dir.resolve("people.cfg"));
        Files.delete(dir.resolve("holidays.cfg"));
        AccessConfig config = Fixture.load(dir);
        assertEquals(0, config.peopleCount());
        assertEquals(List.of("zones.cfg", "policies.cfg"), config.files());

        Files.delete(dir.resolve("policies.cfg"));
        try {
            Fixture.load(dir);
            fail();
        } catch (AccessFileException e) {
            assertError(e, "policies.cfg", 0, "the file is missing from " + dir, "create it", "group staff");
        }
        Files.delete(dir.resolve("zones.cfg"));
        try {
            Fixture.load(dir);
            fail();
        } catch (AccessFileException e) {
            assertError(e, "zones.cfg", 0, "the file is missing", "create it", "zone hall level 1");
        }
    }

    @Test
    public void peopleFilesOfTheImportAreReadAfterPeopleCfgInNameOrder() throws Exception {
        Files.writeString(dir.resolve("people-hr.cfg"), "person H0001 name \"高橋 次郎\" groups staff\n"
                + "card H0001 hr-0001\n");
        Files.writeString(dir.resolve("people-a.cfg"), "card P0200 second-0200\n");
        Files.writeString(dir.resolve("people.cfg.bak"), "this is not read\n");
        AccessConfig config = Fixture.load(dir);
        assertEquals(List.of("zones.cfg", "policies.cfg", "people.cfg", "people-a.cfg", "people-hr.cfg",
                "holidays.cfg"), config.files());
        assertEquals("H0001", config.personOfCard(Fixture.pseudonym("hr-0001")));
        assertEquals("a card may name a person of another people file", "P0200",
                config.personOfCard(Fixture.pseudonym("second-0200")));
    }

    @Test
    public void aPersonDefinedInTwoPeopleFilesNamesBothPlaces() throws Exception {
        AccessFileException e = failure("people-hr.cfg", "# from HR\nperson P0107 name \"山田 太郎\" groups staff\n");
        assertError(e, "people-hr.cfg", 2, "person 'P0107' is already defined at people.cfg:1", "remove or rename");
    }

    @Test
    public void aCardNumberGivenTwiceNamesBothPlacesButNotTheNumber() throws Exception {
        AccessFileException e = failure("people-hr.cfg", "person H0001 groups staff\ncard H0001 staff-0107\n");
        assertError(e, "people-hr.cfg", 2, "already given to P0107 at people.cfg:6", "belongs to one person");
        assertFalse(e.getMessage(), e.getMessage().contains("staff-0107"));
    }

    @Test
    public void aBadCardNumberIsNamedByPersonAndLineNeverRepeated() throws Exception {
        String tooLong = "x".repeat(65);
        AccessFileException e = failure("people.cfg", Fixture.PEOPLE + "card P0200 " + tooLong + "\n");
        assertError(e, "people.cfg", 16, "the card number of P0200 is longer than 64 characters");
        assertFalse(e.getMessage().contains(tooLong));

        e = failure("people.cfg", Fixture.PEOPLE + "card P0200 \"1234 5678\"\n");
        assertError(e, "people.cfg", 16, "the card number of P0200 has a space");
        assertFalse(e.getMessage().contains("1234"));

        e = failure("people.cfg", Fixture.PEOPLE + "card P0200 １２３４\n");
        assertError(e, "people.cfg", 16, "the card number of P0200", "full-width", "half-width");
        assertFalse(e.getMessage().contains("１２３４"));

        e = failure("people.cfg", Fixture.PEOPLE + "card P0200 \"\"\n");
        assertError(e, "people.cfg", 16, "the card number of P0200 is empty");

        e = failure("people.cfg", Fixture.PEOPLE + "card P0200\n");
        assertError(e, "people.cfg", 16, "the card of P0200 has no number", "card P0200 <card number>");
    }

    @Test
    public void aGroupThatIsNotDefinedIsNamedWithTheGroupsThatAre() throws Exception {
        AccessFileException e = failure("policies.cfg", replaceLine(Fixture.POLICIES, 10,
                "allow staf zone hall during office-hours"));
        assertEquals("policies.cfg:10: group 'staf' is not defined; define it with 'group staf' or use one of: staff, "
                + "it, visitor, contractor", e.getMessage());
    }

    @Test
    public void everyReferenceBetweenFilesIsChecked() throws Exception {
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 9, "door door.1f.staff-entrance from outside to hal")),
                "zones.cfg", 9, "zone 'hal' is not defined in zones.cfg", "'zone hal level <0..3>'", "hall");
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 14, "room server-room in servers")),
                "zones.cfg", 14, "zone 'servers' is not defined", "server-room");
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 8,
                "door door.1f.main-entrance from outside to hall free-during open-hours")),
                "zones.cfg", 8, "schedule 'open-hours' is not defined in policies.cfg", "define it there",
                "opening-hours");
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 15, "fire-release fire.panel alarm doors door.1f.main")),
                "zones.cfg", 15, "door 'door.1f.main' is not defined", "door.1f.main-entrance");
        Fixture.write(dir);
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 15, "allow contractor door door.2f.server")),
                "policies.cfg", 15, "door 'door.2f.server' is not defined in zones.cfg",
                "'door door.2f.server from <zone> to <zone>'", "door.2f.server-room");
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 11, "allow it zone server during always")),
                "policies.cfg", 11, "zone 'server' is not defined in zones.cfg", "server-room");
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 11, "allow it zone server-room during allways")),
                "policies.cfg", 11, "schedule 'allways' is not defined", "'schedule allways", "always");
        Fixture.write(dir);
        assertError(failure("people.cfg", replaceLine(Fixture.PEOPLE, 7, "card P0201 staff-0200")),
                "people.cfg", 7, "person 'P0201' of this card is not defined", "person P0201 name", "P0200");
        assertError(failure("people.cfg", replaceLine(Fixture.PEOPLE, 2, "person P0200 name \"佐藤 花子\" groups staff,admin")),
                "people.cfg", 2, "group 'admin' of P0200 is not defined in policies.cfg", "'group admin'", "staff");
    }

    @Test
    public void aZoneOrDoorDefinedTwiceNamesBothLines() throws Exception {
        assertError(failure("zones.cfg", Fixture.ZONES + "zone hall level 2\n"), "zones.cfg", 16,
                "zone 'hall' is already defined at zones.cfg:3");
        assertError(failure("zones.cfg", Fixture.ZONES + "door door.2f.lab from hall to lab\n"), "zones.cfg", 16,
                "door 'door.2f.lab' is already defined at zones.cfg:12", "remove one");
        assertError(failure("zones.cfg", Fixture.ZONES + "room server-room in lab\n"), "zones.cfg", 16,
                "room 'server-room' is already defined at zones.cfg:14");
        Fixture.write(dir);
        assertError(failure("policies.cfg", Fixture.POLICIES + "group it\n"), "policies.cfg", 18,
                "group 'it' is already defined at policies.cfg:2");
        assertError(failure("policies.cfg", Fixture.POLICIES + "schedule always mon 00:00-01:00\n"), "policies.cfg",
                18, "schedule 'always' is already defined at policies.cfg:7");
        Fixture.write(dir);
        assertError(failure("holidays.cfg", Fixture.HOLIDAYS + "2026-05-04 \"緑の日\"\n"), "holidays.cfg", 19,
                "2026-05-04 is already a holiday at holidays.cfg:8 (みどりの日)");
    }

    @Test
    public void aLineStartingWithAnUnknownWordSaysWhatALineStartsWith() throws Exception {
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 3, "zon hall level 1")), "zones.cfg", 3,
                "starts with zone, door, room or fire-release, not 'zon'");
        assertError(failure("zones.cfg", Fixture.ZONES + "group staff\n"), "zones.cfg", 16,
                "a 'group' line belongs in policies.cfg");
        Fixture.write(dir);
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 13, "refuse visitor zone server-room")),
                "policies.cfg", 13, "starts with group, schedule, allow or deny, not 'refuse'");
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 13, "deny visitor room server-room")),
                "policies.cfg", 13, "after the groups comes 'door' or 'zone', not 'room'");
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 13, "deny visitor zone server-room when always")),
                "policies.cfg", 13, "comes 'during <schedule>', not 'when'");
        Fixture.write(dir);
        assertError(failure("people.cfg", replaceLine(Fixture.PEOPLE, 6, "card P0107 staff-0107 vaild 2026-04-01..")),
                "people.cfg", 6, "'vaild' is not an option of a card; write valid, state");
        assertError(failure("people.cfg", replaceLine(Fixture.PEOPLE, 6, "card P0107 staff-0107 state missing")),
                "people.cfg", 6, "a card's state is active, suspended, lost or revoked, not 'missing'");
    }

    @Test
    public void badValuesSayWhatToWriteInstead() throws Exception {
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 3, "zone hall level 4")), "zones.cfg", 3,
                "'4' is not allowed for level; write a whole number from 0 to 3");
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 3, "zone hall name \"ロビー\"")), "zones.cfg", 3,
                "zone 'hall' needs its level: zone hall level <0..3>");
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 5, "zone server-room level 3 passback strict")),
                "zones.cfg", 5, "passback is hard or soft, not 'strict'");
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 5, "zone server-room level 3 forgive-after 12")),
                "zones.cfg", 5, "'12' is not a duration for forgive-after", "90s, 15m, 12h or 2d");
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 11,
                "door door.2f.server-room from back-office to server-room unlock-seconds 900")),
                "zones.cfg", 11, "'900' is not allowed for unlock-seconds; write a whole number from 1 to 600");
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 11, "door door.2f.server-room from back-office")),
                "zones.cfg", 11, "needs the zones it joins: door door.2f.server-room from <zone> to <zone>");
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 12,
                "door door.2f.lab from back-office to lab entry-reader r exit-reader r")),
                "zones.cfg", 12, "the reader 'r' for both entry and exit");
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 3, "zone hall level 1 colour blue")), "zones.cfg",
                3, "'colour' is not an option of a zone; write level, name, passback, forgive-after");
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 10, "door door.2f.back-office from hall to "
                + "back-office unlock-seconds")), "zones.cfg", 10, "'unlock-seconds' needs a value after it, e.g. "
                + "unlock-seconds 5");
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 3, "zone")), "zones.cfg", 3,
                "the zone id is missing after 'zone'; write it there");
        Fixture.write(dir);
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 3, "group visitor escort-required please")),
                "policies.cfg", 3, "a group is: group <id> [escort-required]; 'please' is not part of it");
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 10, "allow staff zone hall,,back-office")),
                "policies.cfg", 10, "the zone list 'hall,,back-office' has an empty item");
    }

    @Test
    public void badDatesAreRefusedWithTheFormat() throws Exception {
        assertError(failure("holidays.cfg", Fixture.HOLIDAYS + "2026-02-30 \"ない日\"\n"), "holidays.cfg", 19,
                "'2026-02-30' is not a day of the calendar", "yyyy-mm-dd");
        assertError(failure("holidays.cfg", Fixture.HOLIDAYS + "2026/12/31 \"大晦日\"\n"), "holidays.cfg", 19,
                "'2026/12/31' is not a date; write yyyy-mm-dd, e.g. 2026-04-01");
        assertError(failure("holidays.cfg", Fixture.HOLIDAYS + "2026-12-31\n"), "holidays.cfg", 19,
                "a holiday is a date and its name in quotes");
        Fixture.write(dir);
        assertError(failure("people.cfg", replaceLine(Fixture.PEOPLE, 6, "card P0107 staff-0107 valid 2027-03-31..2026-04-01")),
                "people.cfg", 6, "would be valid from 2027-03-31 to 2026-04-01, which ends before it starts");
        assertError(failure("people.cfg", replaceLine(Fixture.PEOPLE, 6, "card P0107 staff-0107 valid 2026-04-01")),
                "people.cfg", 6, "is not a validity; write valid <from>..<to>");
        assertError(failure("people.cfg", replaceLine(Fixture.PEOPLE, 6, "card P0107 staff-0107 valid 2026-4-1..")),
                "people.cfg", 6, "'2026-4-1' is not a date; write yyyy-mm-dd");
    }

    @Test
    public void badTimesAreRefusedWithTheFormat() throws Exception {
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 5, "schedule office-hours mon-fri 07:30-25:00")),
                "policies.cfg", 5, "'07:30-25:00' is not a time range; write hh:mm-hh:mm", "24:00");
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 5, "schedule office-hours mon-fri 24:00-24:00")),
                "policies.cfg", 5, "'24:00-24:00' is not a time range");
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 5, "schedule office-hours mon-fri 20:00-07:30")),
                "policies.cfg", 5, "ends before it starts", "mon-fri 22:00-24:00 tue-sat 00:00-06:00");
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 5, "schedule office-hours monday 07:30-20:00")),
                "policies.cfg", 5, "'monday' is not a set of days", "mon-fri", "daily");
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 5, "schedule office-hours 07:30-20:00")),
                "policies.cfg", 5, "has no days before it", "mon-fri 07:30-20:00");
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 5, "schedule office-hours mon-fri sat 07:30-20:00")),
                "policies.cfg", 5, "the days before 'sat' have no time range");
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 5, "schedule office-hours mon-fri")),
                "policies.cfg", 5, "have no time range");
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 5,
                "schedule office-hours mon-fri 07:30-20:00 except holidays sat 09:00-12:00")),
                "policies.cfg", 5, "'except holidays' ends a schedule; move 'sat' before it");
        assertError(failure("policies.cfg", replaceLine(Fixture.POLICIES, 5, "schedule office-hours mon-fri 07:30-20:00 except sundays")),
                "policies.cfg", 5, "write 'except holidays'");
    }

    @Test
    public void anUnterminatedQuoteNamesItsColumn() throws Exception {
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 3, "zone hall level 1 name \"ロビー")), "zones.cfg", 3,
                "the quote opened at column 24 is not closed", "end the value with a \"");
        assertError(failure("zones.cfg", replaceLine(Fixture.ZONES, 3, "zone hall level 1 name\"ロビー\"")), "zones.cfg", 3,
                "a quote at column 23 is inside a word", "after a space");
    }

    @Test
    public void aFileSavedAsShiftJisIsRefusedAsNotUtf8() throws Exception {
        Files.write(dir.resolve("people.cfg"), (Fixture.PEOPLE + "person P0400 name \"田中\" groups staff\n")
                .getBytes(Charset.forName("windows-31j")));
        try {
            Fixture.load(dir);
            fail();
        } catch (AccessFileException e) {
            assertError(e, "people.cfg", 1, "not UTF-8", "save the file as UTF-8");
        }
    }

    @Test
    public void aByteOrderMarkAndWindowsLineEndsAreRead() throws Exception {
        Files.writeString(dir.resolve("holidays.cfg"), "\uFEFF2026-05-04 \"みどりの日\"\r\n2026-05-05 \"こどもの日\"\r\n");
        AccessConfig config = Fixture.load(dir);
        assertEquals("みどりの日", config.holiday(java.time.LocalDate.of(2026, 5, 4)));
        assertEquals("こどもの日", config.holiday(java.time.LocalDate.of(2026, 5, 5)));
    }

    @Test
    public void quotedValuesKeepSpacesCommentsAndEscapedQuotes() throws Exception {
        Files.writeString(dir.resolve("people-x.cfg"),
                "person X1 name \"ACME \\\"Tokyo\\\" # 1\" groups staff # the comment after\n");
        AccessConfig config = Fixture.load(dir);
        assertEquals("ACME \"Tokyo\" # 1", config.people().get("X1").name());
        assertEquals(List.of("staff"), config.people().get("X1").groups());
    }

    @Test
    public void aFailedReloadLeavesThePreviousConfigurationDecidingAsBefore() throws Exception {
        AccessConfig before = Fixture.load(dir);
        AccessEngine engine = Fixture.engine(before);
        Files.writeString(dir.resolve("policies.cfg"), Fixture.POLICIES.replace("allow it      zone server-room",
                "allow it      zone server-rom"));
        try {
            engine.reconfigure(Fixture.load(dir));
            fail("the broken file was loaded");
        } catch (AccessFileException e) {
            assertError(e, "policies.cfg", 11, "zone 'server-rom' is not defined");
        }
        assertTrue(engine.config() == before);
        Decision d = engine.decide(Fixture.swipe("staff-0107", "door.2f.server-room", "entry",
                Fixture.tokyo("2026-05-07T10:00")));
        assertTrue(d.detail(), d.granted());
        assertEquals("policies.cfg:11", d.rule());
    }
}
