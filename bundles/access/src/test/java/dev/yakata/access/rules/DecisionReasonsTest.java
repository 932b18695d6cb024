package dev.yakata.access.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Each reason of the reference page's table, with the sentence an operator reads. */
public class DecisionReasonsTest {

    /** A Thursday, a workday, in office and opening hours. */
    private static final String THURSDAY_10 = "2026-05-07T10:00";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private AccessEngine engine;

    @Before
    public void setUp() throws Exception {
        Path dir = Fixture.write(folder.getRoot().toPath());
        engine = Fixture.engine(Fixture.load(dir));
    }

    private Decision swipe(String number, String door, String reader, String tokyoTime) {
        return engine.decide(Fixture.swipe(number, door, reader, Fixture.tokyo(tokyoTime)));
    }

    private static void assertRefused(Decision d, String reason, String rule, String... fragments) {
        assertFalse(d.detail(), d.granted());
        assertEquals(d.detail(), reason, d.reason());
        assertEquals(d.detail(), rule, d.rule());
        assertEquals("a refusal unlocks nothing", 0, d.unlockSeconds());
        assertSentence(d, fragments);
    }

    private static void assertSentence(Decision d, String... fragments) {
        assertTrue(d.detail(), Character.isUpperCase(d.detail().charAt(0)) || d.detail().charAt(0) == 'P'
                || Character.isLetterOrDigit(d.detail().charAt(0)));
        assertTrue("a full sentence: " + d.detail(), d.detail().endsWith("."));
        for (String fragment : fragments) {
            assertTrue("'" + fragment + "' missing from: " + d.detail(), d.detail().contains(fragment));
        }
    }

    @Test
    public void aStaffMemberIsLetInByTheRuleThatAllowsThem() {
        Decision d = swipe("staff-0200", "door.2f.back-office", "entry", THURSDAY_10);
        assertEquals(new Decision(true, "granted", "P0200 may go from ロビー (hall) to 事務室 (back-office) through "
                + "door.2f.back-office: policies.cfg:10 allows group staff during office-hours.", "policies.cfg:10",
                "door.2f.back-office", "entry", "entry", "hall", "back-office", 2, "P0200", false, "", false, false, 7),
                d);
    }

    @Test
    public void theSameSwipeDecidedAgainIsReplayed() {
        Swipe swipe = Fixture.swipe("staff-0200", "door.2f.back-office", "entry", Fixture.tokyo(THURSDAY_10));
        assertTrue(engine.decide(swipe).granted());
        Decision again = engine.decide(swipe);
        assertRefused(again, "replayed", "", "The swipe " + swipe.eventId() + " at door.2f.back-office was decided "
                + "before; this copy is ignored and unlocks nothing.");
        assertEquals("the record still says who and where", "P0200", again.person());
        assertEquals("back-office", again.toZone());
    }

    @Test
    public void aDeviceThatIsNoDoorIsAnUnknownReader() {
        Decision d = swipe("staff-0200", "door.9f.attic", "entry", THURSDAY_10);
        assertRefused(d, "unknown-reader", "", "No door in zones.cfg is the device door.9f.attic", "add 'door "
                + "door.9f.attic from <zone> to <zone>' to zones.cfg");
        assertEquals(0, d.level());
        assertEquals("", d.direction());
        assertEquals("P0200", d.person());
    }

    @Test
    public void aReaderTheDoorDoesNotNameIsAnUnknownReader() {
        Decision d = swipe("staff-0200", "door.2f.server-room", "side", THURSDAY_10);
        assertRefused(d, "unknown-reader", "zones.cfg:11", "Door door.2f.server-room has no reader 'side'",
                "entry reader is 'entry' and its exit reader 'exit'", "set entry-reader or exit-reader");
        assertEquals("the level of a known door is kept for the record", 3, d.level());
        assertEquals("", d.direction());
        Decision lab = swipe("staff-0200", "door.2f.lab", "entry", THURSDAY_10);
        assertRefused(lab, "unknown-reader", "zones.cfg:12", "entry reader is 'in' and its exit reader 'out'");
    }

    @Test
    public void aSwipeWithoutACardOrWithACardNumberIsMalformed() {
        Instant at = Fixture.tokyo(THURSDAY_10);
        Decision none = engine.decide(new Swipe("s1", "door.2f.back-office", "entry", "", at, at));
        assertRefused(none, "malformed-card", "", "The swipe at door.2f.back-office reader entry carries no card; "
                + "check the reader and its adapter.");
        Decision nullCard = engine.decide(new Swipe("s2", "door.2f.back-office", "entry", null, at, at));
        assertEquals("malformed-card", nullCard.reason());
        Decision raw = engine.decide(new Swipe("s3", "door.2f.back-office", "entry", "0123456789", at, at));
        assertRefused(raw, "malformed-card", "", "not a card pseudonym (card: and 24 hex digits)");
        assertFalse("a number that slipped through is not repeated", raw.detail().contains("0123456789"));
        String upperCase = Fixture.pseudonym("staff-0200").toUpperCase().replace("CARD:", "card:");
        assertEquals("malformed-card", engine.decide(new Swipe("s4", "door.2f.back-office", "entry", upperCase, at, at))
                .reason());
        assertEquals("malformed-card", engine.decide(new Swipe("s5", "door.2f.back-office", "entry",
                Fixture.pseudonym("staff-0200") + "0", at, at)).reason());
    }

    @Test
    public void aCardNobodyHoldsIsUnknown() {
        Decision d = swipe("found-on-the-street", "door.2f.back-office", "entry", THURSDAY_10);
        assertRefused(d, "unknown-card", "", "Card " + Fixture.pseudonym("found-on-the-street") + " is not given to "
                + "anyone in the people files");
        assertEquals("", d.person());
    }

    @Test
    public void suspendedLostAndRevokedCardsAreRefusedWithTheirLine() {
        assertRefused(swipe("suspended-0300", "door.2f.back-office", "entry", THURSDAY_10), "suspended",
                "people.cfg:10", "The card of P0300 is suspended (in people.cfg:10); reinstate it");
        assertRefused(swipe("lost-0300", "door.2f.back-office", "entry", THURSDAY_10), "lost", "people.cfg:11",
                "The card of P0300 was reported lost (in people.cfg:11)", "check their identity");
        assertRefused(swipe("revoked-0300", "door.2f.back-office", "entry", THURSDAY_10), "revoked", "people.cfg:12",
                "The card of P0300 is revoked (in people.cfg:12)");
        assertEquals("P0300's other card still opens the door", "granted",
                swipe("staff-0300", "door.2f.back-office", "entry", THURSDAY_10).reason());
    }

    @Test
    public void anInvalidCardIsRefusedOnTheWayOutToo() {
        assertRefused(swipe("lost-0300", "door.2f.back-office", "exit", THURSDAY_10), "lost", "people.cfg:11");
    }

    @Test
    public void validityDatesAreLocalDatesWithBothEndsIncluded() {
        assertRefused(swipe("new-0300", "door.2f.lab", "in", "2026-05-31T23:59"), "not-yet-valid", "people.cfg:14",
                "The card of P0300 is valid only from 2026-06-01");
        // 00:00 in Tokyo is still 2026-05-31 in UTC: the hub's local date counts
        assertEquals("granted", swipe("new-0300", "door.2f.lab", "in", "2026-06-01T00:00").reason());
        assertEquals("granted", swipe("old-0300", "door.2f.lab", "in", "2026-03-31T23:59").reason());
        assertRefused(swipe("old-0300", "door.2f.lab", "in", "2026-04-01T00:00"), "expired", "people.cfg:13",
                "The card of P0300 expired: it was valid until 2026-03-31", "extend its valid dates");
    }

    @Test
    public void aDenyRefusesWhatItNames() {
        assertRefused(swipe("visitor-0001", "door.2f.server-room", "entry", THURSDAY_10), "denied-by-rule",
                "policies.cfg:13", "V0001 may not go from 事務室 (back-office) to サーバー室 (server-room) through "
                + "door.2f.server-room: policies.cfg:13 denies group visitor.");
    }

    @Test
    public void aDenyWinsOverAnAllowThatMatchesToo() {
        // Saturday morning: line 15 allows contractors at the server-room door, line 16 denies them there always
        Decision d = swipe("contractor-0001", "door.2f.server-room", "entry", "2026-05-09T10:00");
        assertRefused(d, "denied-by-rule", "policies.cfg:16", "policies.cfg:16 denies group contractor during always");
        assertEquals("the allow alone lets them through the other door", "granted",
                swipe("contractor-0001", "door.2f.back-office", "entry", "2026-05-09T10:00").reason());
    }

    @Test
    public void withoutAnAllowForTheDoorOrZoneItIsTheWrongZone() {
        assertRefused(swipe("contractor-0001", "door.2f.lab", "in", THURSDAY_10), "wrong-zone", "",
                "No allow in policies.cfg lets C0001 (group contractor) go from 事務室 (back-office) to 実験室 (lab) "
                + "through door.2f.lab; add an allow for one of their groups and door door.2f.lab or zone lab if they "
                + "should.");
    }

    @Test
    public void anAllowWhoseScheduleIsOffIsOutsideSchedule() {
        assertRefused(swipe("staff-0200", "door.2f.back-office", "entry", "2026-05-07T21:00"), "outside-schedule",
                "policies.cfg:10", "P0200 may go from ロビー (hall) to 事務室 (back-office) through door.2f.back-office "
                + "only during office-hours (policies.cfg:10), which is off at thu 2026-05-07 21:00.");
    }

    @Test
    public void anAllowOffOnlyBecauseOfAHolidayGivesHolidayWithItsName() {
        assertRefused(swipe("staff-0200", "door.2f.back-office", "entry", "2026-05-04T10:00"), "holiday",
                "policies.cfg:10", "during office-hours (policies.cfg:10), but today is a holiday (みどりの日)");
        assertRefused(swipe("staff-0200", "door.2f.back-office", "entry", "2026-05-06T10:00"), "holiday",
                "policies.cfg:10", "(振替休日)");
        assertRefused("at night the schedule is off anyway", swipe("staff-0200", "door.2f.back-office", "entry",
                "2026-05-04T22:00"), "outside-schedule", "policies.cfg:10");
    }

    private static void assertRefused(String why, Decision d, String reason, String rule) {
        assertEquals(why + ": " + d.detail(), reason, d.reason());
        assertEquals(rule, d.rule());
    }

    @Test
    public void anyAllowThatIsOnGrantsEvenWhenAnotherIsOff() {
        // P0107 is staff (office hours, line 10) and it (line 17, no schedule): at night line 17 lets them in
        Decision d = swipe("staff-0107", "door.2f.back-office", "entry", "2026-05-07T23:00");
        assertTrue(d.detail(), d.granted());
        assertEquals("policies.cfg:17", d.rule());
        assertSentence(d, "policies.cfg:17 allows group it.");
    }

    @Test
    public void aVisitorWithoutEscortAtALevel2DoorIsEscortMissing() {
        assertRefused(swipe("visitor-0001", "door.2f.back-office", "entry", THURSDAY_10), "escort-missing",
                "policies.cfg:12", "V0001 (group visitor) needs an escort at this Level-2 door: nobody without "
                + "escort-required was let in at reader entry of door.2f.back-office in the 30 s before");
    }

    @Test
    public void aSecondEntryIntoAHardPassbackZoneIsPassback() {
        assertTrue(swipe("staff-0107", "door.2f.server-room", "entry", THURSDAY_10).granted());
        assertRefused(swipe("staff-0107", "door.2f.server-room", "entry", "2026-05-07T10:05"), "passback",
                "zones.cfg:5", "P0107 is already inside サーバー室 (server-room) since 2026-05-07 10:00:00, and "
                + "hard anti-passback (zones.cfg:5) refuses the swipe", "yakata:access-forgive P0107");
    }

    @Test
    public void aDoorHeldOpenForFreePassageGrantsEverySwipeWithoutUnlocking() {
        Decision d = swipe("visitor-0001", "door.1f.main-entrance", "entry", THURSDAY_10);
        assertTrue(d.granted());
        assertEquals("free-passage", d.reason());
        assertEquals("zones.cfg:8", d.rule());
        assertEquals("the door is held open already", 0, d.unlockSeconds());
        assertSentence(d, "Door door.1f.main-entrance is open for free passage during schedule opening-hours "
                + "(zones.cfg:8); the swipe of V0001 is recorded and unlocks nothing.");
        Decision unknown = swipe("found-on-the-street", "door.1f.main-entrance", "exit", THURSDAY_10);
        assertEquals("free-passage", unknown.reason());
        assertEquals("", unknown.person());

        // after opening hours the door decides cards as any other
        Decision staff = swipe("staff-0200", "door.1f.main-entrance", "entry", "2026-05-07T18:00");
        assertEquals("granted", staff.reason());
        assertEquals(5, staff.unlockSeconds());
        assertEquals("outside-schedule", swipe("visitor-0001", "door.1f.main-entrance", "entry", "2026-05-07T18:00")
                .reason());
        assertEquals("not on a holiday either", "granted",
                swipe("staff-0107", "door.1f.main-entrance", "entry", "2026-05-04T10:00").reason());
    }

    @Test
    public void anExitIsGrantedToAValidCardWithoutARule() {
        Decision d = swipe("contractor-0001", "door.2f.server-room", "exit", "2026-05-07T23:00");
        assertEquals(new Decision(true, "granted", "C0001 may go from サーバー室 (server-room) to 事務室 (back-office) "
                + "through door.2f.server-room: exits are always granted to a valid card.", "",
                "door.2f.server-room", "exit", "exit", "server-room", "back-office", 3, "C0001", false, "", false,
                false, 5), d);
    }

    @Test
    public void theLevelIsTheHigherOfTheDoorsTwoZonesInBothDirections() {
        assertEquals(3, swipe("staff-0107", "door.2f.server-room", "entry", THURSDAY_10).level());
        assertEquals(3, swipe("staff-0107", "door.2f.server-room", "exit", THURSDAY_10).level());
        assertEquals(1, swipe("staff-0107", "door.1f.staff-entrance", "entry", THURSDAY_10).level());
    }
}
