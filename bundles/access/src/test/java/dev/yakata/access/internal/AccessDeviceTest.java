package dev.yakata.access.internal;

import dev.yakata.bus.testing.RecordingBus;
import dev.yakata.access.rules.PeopleCsvImport;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.access.rules.AccessConfig;
import dev.yakata.access.rules.AccessConfig.DoorSpec;
import dev.yakata.access.rules.AccessConfig.RoomSpec;
import dev.yakata.access.rules.AccessEngine;
import dev.yakata.access.rules.CardState;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.testkit.TestHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The {@code access} device's actions through the testkit's hub, so each command is first checked against the
 * access-control profile as the core checks it. The rules are scripted (who holds which card, who is where); the
 * store is a stand-in holding the events a test puts in.
 */
public class AccessDeviceTest {

    /** For tests that never import: any import is refused. */
    private static final PeopleImport NO_IMPORT = (name, csv, charset, current) -> {
        throw new IllegalArgumentException("no import in this test");
    };

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final String DOOR = "door.2f.server-room";
    private static final String DEVICE = "device.id = access\ndevice.type = access-control\nadapter = access\n";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final TestClock clock = new TestClock(Instant.parse("2026-12-02T03:00:00Z")); // 12:00 in Tokyo
    private final FakeRules rules = new FakeRules();
    private final TestPseudonyms pseudonyms = new TestPseudonyms();
    private final FakeStore store = new FakeStore();
    private final String card = pseudonyms.ofCard("staff-0107");
    private final ExecutorService recordThread = Executors.newSingleThreadExecutor();
    private static final String RELEASED = "door.1f.staff-entrance";
    private final RecordingBus bus = new RecordingBus();
    private final FakeRegistry registry = new FakeRegistry();
    private final DoorHolds holds = new DoorHolds(new DoorCommands(registry), clock);
    private FireRelease fire;
    private SafetyModes modes;
    private Path lockdownFile;
    private volatile FakeStore storeNow = store;
    private volatile PeopleImport importer = NO_IMPORT;
    private ConfigReload.Status configStatus;
    private Path configDir;
    private Path exports;
    private Path stateFile;
    private TestHub hub;

    @Before
    public void setUp() throws Exception {
        configDir = temp.newFolder("access").toPath();
        exports = temp.newFolder("exports").toPath();
        stateFile = temp.getRoot().toPath().resolve("state/card-states.properties");
        configStatus = new ConfigReload.Status(configDir, true, List.of("zones.cfg", "people.cfg"),
                "3 people, 3 cards, 2 doors", Instant.parse("2026-12-02T00:00:00Z"), null);
        rules.holders.put(card, "P0107");
        Site site = new Site(
                List.of(new DoorSpec(DOOR, "back-office", "server-room", "entry", "exit", 3, null, 5, 30),
                        new DoorSpec("door.1f.main-entrance", "outside", "hall", "entry", "exit", 1, "opening-hours",
                                5, 30)),
                List.of(new RoomSpec("server-room", "server-room", "サーバー室", 4 * 3600),
                        new RoomSpec("meeting-a", "hall", "会議室 A", 0)),
                List.of(), (schedule, at) -> false, zone -> zone.equals("server-room") ? 3 : 1);
        AccessQueries queries = new AccessQueries(rules, () -> site, pseudonyms, () -> configStatus,
                () -> Map.of("heldDoors", Map.of()), clock, TOKYO);
        OperatorChanges changes = new OperatorChanges(rules, pseudonyms, new CardStateFile(stateFile), TOKYO);
        RecordQueries record = new RecordQueries(() -> storeNow, exports, clock, TOKYO);
        PeopleImportAction people = new PeopleImportAction((name, csv, charset, current) ->
                importer.convert(name, csv, charset, current), rules, configDir, TOKYO);
        registry.door(RELEASED, "L1").door("door.2f.meeting-rooms", "L2").value("fire.panel", "alarm", false);
        lockdownFile = temp.getRoot().toPath().resolve("state/lockdown.properties");
        fire = new FireRelease(holds, new DeviceLookup(registry), bus);
        fire.configure(List.of(new AccessConfig.FireRelease("fire.panel", "alarm", List.of(RELEASED))));
        modes = new SafetyModes(rules, fire, () -> { }, lockdownFile, bus, clock);
        hub = new TestHub(new dev.yakata.core.api.InHubAdapter(AccessRuntime.ADAPTER, dev.yakata.api.profile.Profiles.ACCESS_CONTROL, () -> new AccessDevice(queries, changes, modes, record, people, recordThread)));
        hub.open(DEVICE).context().awaitOnline();
    }

    @After
    public void tearDown() throws Exception {
        hub.close();
        recordThread.shutdownNow();
    }

    private CommandOutcome run(String action, Object... arguments) throws Exception {
        Command.Builder command = Command.builder("access", action).issuer(Issuer.of("operator", Issuer.Channel.SHELL,
                "yakata-operator"));
        for (int i = 0; i + 1 < arguments.length; i += 2) {
            command.argument((String) arguments[i], arguments[i + 1]);
        }
        return hub.submit(command.build());
    }

    private static void assertRejected(CommandOutcome outcome, String saying) {
        assertEquals(outcome.toString(), OutcomeStatus.REJECTED, outcome.status());
        assertTrue(outcome.reason(), outcome.reason().contains(saying));
    }

    // ---- check -------------------------------------------------------------------------------------------------

    @Test
    public void checkAsksTheRulesWithTheCardsPseudonymAndSaysWhy() throws Exception {
        CommandOutcome outcome = run("check", "card", "staff-0107", "door", DOOR, "at", "2026-12-02T08:30");
        assertTrue(outcome.toString(), outcome.isSuccess());
        assertEquals(true, outcome.data().get("granted"));
        assertEquals("P0107", outcome.data().get("person"));
        assertEquals(card, outcome.data().get("card"));
        assertEquals("entry", outcome.data().get("direction"));
        assertEquals(3L, outcome.data().get("level"));
        assertEquals("2026-12-02T08:30:00+09:00", outcome.data().get("at"));
        assertEquals(List.of(card + " " + DOOR + " entry 2026-12-01T23:30:00Z"), rules.checks);
        assertFalse("the number never goes further than the pseudonym", outcome.data().toString().contains("staff-0107"));
    }

    @Test
    public void checkTakesAPseudonymFromAnEventAsItIs() throws Exception {
        CommandOutcome outcome = run("check", "card", card, "door", DOOR, "direction", "exit");
        assertEquals(card, outcome.data().get("card"));
        assertEquals("P0107", outcome.data().get("person"));
    }

    @Test
    public void checkRefusesAnUnknownDoorABadTimeAndAMissingCard() throws Exception {
        assertRejected(run("check", "card", "staff-0107", "door", "door.9f.nowhere"),
                "unknown door 'door.9f.nowhere': zones.cfg names door.1f.main-entrance, door.2f.server-room");
        assertRejected(run("check", "card", "staff-0107", "door", DOOR, "at", "tomorrow morning"),
                "argument at = \"tomorrow morning\" is not a time");
        assertRejected(run("check", "door", DOOR), "card"); // the core's check of the profile
        rules.configured = false;
        assertRejected(run("check", "card", "staff-0107", "door", DOOR), "no configuration in force");
    }

    // ---- card overrides ----------------------------------------------------------------------------------------

    @Test
    public void aSuspensionIsInForceAndKeptOnDiskByPseudonymOnly() throws Exception {
        CommandOutcome outcome = run("suspend-card", "card", "staff-0107", "reason", "left at home");
        assertTrue(outcome.toString(), outcome.isSuccess());
        assertEquals(Map.of("card", card, "person", "P0107", "state", "suspended", "previous", "none", "reason",
                "left at home"), outcome.data());
        assertEquals(CardState.SUSPENDED, rules.overrides.get(card));
        String file = Files.readString(stateFile, StandardCharsets.UTF_8);
        assertTrue(file, file.contains(card.replace(":", "\\:") + " = suspended"));
        assertFalse("no card number on disk", file.contains("staff-0107"));

        assertEquals("lost", run("report-lost", "card", "staff-0107").data().get("state"));
        assertEquals("lost", run("revoke-card", "card", "staff-0107").data().get("previous"));
        assertEquals(CardState.REVOKED, rules.overrides.get(card));

        CommandOutcome reinstated = run("reinstate-card", "card", "staff-0107");
        assertEquals("none", reinstated.data().get("state"));
        assertEquals("revoked", reinstated.data().get("previous"));
        assertTrue(rules.overrides.isEmpty());
        assertFalse(Files.readString(stateFile).contains(card.replace(":", "\\:")));
    }

    @Test
    public void theOverridesComeBackAfterARestart() throws Exception {
        run("report-lost", "card", "staff-0107");
        FakeRules restarted = new FakeRules();
        int kept = new OperatorChanges(restarted, pseudonyms, new CardStateFile(stateFile), TOKYO).restore();
        assertEquals(1, kept);
        assertEquals(Map.of(card, CardState.LOST), restarted.cardStateOverrides());
    }

    @Test
    public void aCardNobodyHoldsIsNotOverriddenAndReinstatingNothingSaysSo() throws Exception {
        assertRejected(run("suspend-card", "card", "nobodys-card"), "no person holds card");
        assertFalse(Files.exists(stateFile));
        CommandOutcome nothing = run("reinstate-card", "card", "staff-0107");
        assertTrue(nothing.isSuccess());
        assertTrue(String.valueOf(nothing.data().get("message")).contains("had no override"));
    }

    @Test
    public void forgivingPassbackForgetsWhereThePersonIs() throws Exception {
        rules.locations.add(new AccessEngine.Location("P0107", "server-room", clock.instant().minusSeconds(60)));
        CommandOutcome forgiven = run("forgive-passback", "person", "P0107", "reason", "left by the fire exit");
        assertEquals(true, forgiven.data().get("forgotten"));
        assertEquals(List.of("P0107"), rules.forgiven);
        assertEquals(false, run("forgive-passback", "person", "P0107").data().get("forgotten"));
    }

    // ---- inside ------------------------------------------------------------------------------------------------

    @Test
    public void insideListsTheLevel3RoomsWithAnyonePastTheMaximumStayFlagged() throws Exception {
        rules.locations.add(new AccessEngine.Location("P0107", "server-room", clock.instant().minusSeconds(5 * 3600)));
        rules.locations.add(new AccessEngine.Location("P0200", "server-room", clock.instant().minusSeconds(3600)));
        rules.locations.add(new AccessEngine.Location("P0300", "hall", clock.instant().minusSeconds(60)));
        CommandOutcome outcome = run("inside");
        assertTrue(outcome.toString(), outcome.isSuccess());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> inside = (List<Map<String, Object>>) outcome.data().get("inside");
        assertEquals(List.of("P0107", "P0200"), inside.stream().map(r -> r.get("person")).toList());
        assertEquals(true, inside.get(0).get("overdue"));
        assertEquals(300L, inside.get(0).get("minutes"));
        assertEquals(false, inside.get(1).get("overdue"));
        assertEquals(1L, outcome.data().get("overdue"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rooms = (List<Map<String, Object>>) outcome.data().get("rooms");
        assertEquals("only Level-3 rooms", List.of("server-room"), rooms.stream().map(r -> r.get("room")).toList());
        assertEquals(240L, rooms.get(0).get("maxStayMinutes"));
    }

    @Test
    public void insideOneRoomByNameAndAnUnknownRoomIsRefused() throws Exception {
        rules.locations.add(new AccessEngine.Location("P0300", "hall", clock.instant().minusSeconds(60)));
        assertEquals(1L, run("inside", "room", "meeting-a").data().get("count"));
        assertRejected(run("inside", "room", "attic"), "unknown room 'attic': zones.cfg names server-room, meeting-a");
    }

    // ---- the record --------------------------------------------------------------------------------------------

    private Event decision(String type, String person, String direction, Instant at) {
        return Event.builder(type, DOOR).time(at).put("door", DOOR).put("reader", direction)
                .put("direction", direction).put("from", "back-office").put("to", "server-room").put("level", 3L)
                .put("card", card).put("person", person).put("reason", type.endsWith("granted") ? "granted" : "expired")
                .put("detail", "").put("rule", "policies.cfg:14").build();
    }

    @Test
    public void findListsAPersonsEntriesAndExitsOfTheLastSevenDaysInTimeOrder() throws Exception {
        Instant now = clock.instant();
        store.stored.add(decision(EventTypes.ACCESS_GRANTED, "P0107", "entry", now.minusSeconds(8 * 86400)));
        store.stored.add(decision(EventTypes.ACCESS_GRANTED, "P0107", "entry", now.minusSeconds(3600)));
        store.stored.add(decision(EventTypes.ACCESS_GRANTED, "P0200", "entry", now.minusSeconds(3000)));
        store.stored.add(Event.builder(AccessEventTypes.CONFIG_LOADED, "access").time(now.minusSeconds(2900))
                .put("person", "P0107").build());
        store.stored.add(decision(EventTypes.ACCESS_DENIED, "P0107", "exit", now.minusSeconds(60)));
        CommandOutcome outcome = run("find", "person", "P0107");
        assertTrue(outcome.toString(), outcome.isSuccess());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) outcome.data().get("entries");
        assertEquals(List.of("granted", "denied"), entries.stream().map(e -> e.get("decision")).toList());
        assertEquals("2026-12-02T11:00:00+09:00", entries.get(0).get("time"));
        assertEquals("exit", entries.get(1).get("direction"));
        assertEquals("expired", entries.get(1).get("reason"));
        assertEquals(false, outcome.data().get("truncated"));
    }

    @Test
    public void findRefusesABadRangeAndSaysWhenThereIsNoStore() throws Exception {
        assertRejected(run("find", "person", "P0107", "from", "last week"), "argument from = \"last week\"");
        assertRejected(run("find", "person", "P0107", "from", "2026-12-02", "to", "2026-12-01"), "must be before");
        storeNow = null;
        assertRejected(run("find", "person", "P0107"), "the event store is not running");
    }

    @Test
    public void theAttendanceReportHasEachPersonsFirstEntryAndLastExitOfTheLocalDay() throws Exception {
        Instant day = Instant.parse("2026-12-01T15:00:00Z"); // 2026-12-02 00:00 in Tokyo
        store.stored.add(decision(EventTypes.ACCESS_GRANTED, "P0107", "entry", day.minusSeconds(60))); // the day before
        store.stored.add(decision(EventTypes.ACCESS_GRANTED, "P0107", "entry", day.plusSeconds(8 * 3600 + 31 * 60)));
        store.stored.add(decision(EventTypes.ACCESS_GRANTED, "P0107", "exit", day.plusSeconds(12 * 3600)));
        store.stored.add(decision(EventTypes.ACCESS_GRANTED, "P0107", "entry", day.plusSeconds(13 * 3600)));
        store.stored.add(decision(EventTypes.ACCESS_GRANTED, "P0107", "exit", day.plusSeconds(18 * 3600 + 5)));
        store.stored.add(decision(EventTypes.ACCESS_GRANTED, "V0001", "entry", day.plusSeconds(10 * 3600)));
        store.stored.add(decision(EventTypes.ACCESS_GRANTED, "", "entry", day.plusSeconds(10 * 3600)));
        CommandOutcome outcome = run("attendance-report", "date", "2026-12-02");
        assertTrue(outcome.toString(), outcome.isSuccess());
        Path file = Path.of((String) outcome.data().get("file"));
        assertEquals(exports.resolve("attendance-2026-12-02.csv"), file);
        assertEquals(2L, outcome.data().get("rows"));
        byte[] bytes = Files.readAllBytes(file);
        assertEquals("a byte order mark first", (byte) 0xEF, bytes[0]);
        assertEquals(List.of(AttendanceCsv.HEADER,
                "P0107,2026-12-02T08:31:00+09:00," + DOOR + ",2026-12-02T18:00:05+09:00," + DOOR,
                "V0001,2026-12-02T10:00:00+09:00," + DOOR + ",,"),
                new String(bytes, StandardCharsets.UTF_8).substring(1).lines().toList());
        assertRejected(run("attendance-report", "date", "2026-13-40"), "is not a date");
    }

    @Test
    public void verifyAndExportWorkOnTheAccessChain() throws Exception {
        CommandOutcome verified = run("verify-record");
        assertEquals(List.of("access"), store.verified);
        assertEquals(true, verified.data().get("intact"));
        assertEquals("chain access: INTACT, 12 records", verified.data().get("summary"));
        CommandOutcome exported = run("export-record", "from", "2026-12-01");
        assertTrue(exported.toString(), exported.isSuccess());
        assertEquals(7L, exported.data().get("rows"));
        assertTrue(String.valueOf(exported.data().get("file")).matches("/exports/access-record-\\d{8}-\\d{6}\\.csv"));
        assertEquals(Instant.parse("2026-11-30T15:00:00Z"), store.exported.get(0).from());
        assertEquals("the access chain, with its checkpoints", "access", store.exported.get(0).chain());
        assertEquals("a time range only, so the export verifies", "", store.exported.get(0).kind());
    }

    @Test
    public void aStoreThatFailsMakesTheCommandFailWithItsMessage() throws Exception {
        store.failure = new IllegalStateException("DataSource (dataSourceName=yakata) is down");
        CommandOutcome outcome = run("verify-record");
        assertEquals(OutcomeStatus.FAILED, outcome.status());
        assertTrue(outcome.reason(), outcome.reason().contains("is down"));
    }

    // ---- import ------------------------------------------------------------------------------------------------

    @Test
    public void anImportWritesItsGoodRowsAsOnePeopleFileAndReportsTheBadOnes() throws Exception {
        Path csv = temp.getRoot().toPath().resolve("HR export 2026.csv");
        Files.writeString(csv, "person_id,name,card\nP0900,新人,staff-0900\nbroken\n");
        byte[][] seen = new byte[1][];
        importer = (name, bytes, charset, current) -> {
            seen[0] = bytes;
            assertEquals("HR export 2026.csv", name);
            assertEquals(java.nio.charset.Charset.forName("windows-31j"), charset);
            return new PeopleCsvImport.Result("people-hr-export-2026.cfg", "person P0900 name \"新人\" groups staff\n",
                    charset, 2, 1, 1, List.of(new PeopleCsvImport.BadRow(3, "no card column")));
        };
        CommandOutcome outcome = run("import-people", "file", csv.toString(), "charset", "windows-31j");
        assertTrue(outcome.toString(), outcome.isSuccess());
        Path written = configDir.resolve("people-hr-export-2026.cfg");
        assertEquals(written.toString(), outcome.data().get("file"));
        assertEquals("person P0900 name \"新人\" groups staff\n", Files.readString(written, StandardCharsets.UTF_8));
        assertEquals(List.of(Map.of("line", 3L, "reason", "no card column")), outcome.data().get("badRows"));
        assertEquals(1L, outcome.data().get("people"));
        assertEquals(Files.readAllBytes(csv).length, seen[0].length);
    }

    @Test
    public void anImportWithNoGoodRowWritesNothingAndBadArgumentsAreRefused() throws Exception {
        Path csv = temp.newFile("staff.csv").toPath();
        importer = (name, bytes, charset, current) -> new PeopleCsvImport.Result("people-new.cfg", "", charset, 1, 0, 0,
                List.of(new PeopleCsvImport.BadRow(2, "unknown group 'stafff'")));
        assertRejected(run("import-people", "file", csv.toString()), "line 2: unknown group 'stafff'");
        assertFalse(Files.exists(configDir.resolve("people-staff.cfg")));
        assertRejected(run("import-people", "file", csv.toString(), "charset", "klingon-8"), "not a charset");
        assertRejected(run("import-people", "file", "/no/such/file.csv"), "no file /no/such/file.csv on the hub");
    }

    // ---- status ------------------------------------------------------------------------------------------------

    @Test
    public void statusSaysWhatIsInForceAndWhatIsRefused() throws Exception {
        CommandOutcome loaded = run("status");
        assertEquals("loaded", loaded.data().get("state"));
        assertEquals(List.of("zones.cfg", "people.cfg"), loaded.data().get("files"));
        assertEquals(2L, loaded.data().get("doors"));
        configStatus = new ConfigReload.Status(configDir, false, List.of(), "", null,
                new ConfigReload.Problem(configDir.toString(), 0, "the folder does not exist", clock.instant()));
        CommandOutcome missing = run("status");
        assertEquals("not-configured", missing.data().get("state"));
        assertTrue(String.valueOf(missing.data().get("message")).contains("the folder does not exist"));
        assertEquals(0L, ((Map<?, ?>) missing.data().get("problem")).get("line"));
    }

    @Test
    public void anActionTheProfileDoesNotDeclareIsRefused() throws Exception {
        assertRejected(run("open-all-doors"), "no action 'open-all-doors'");
    }

    @Test
    public void aLockdownIsInForceAtOnceSaidAsAnEventAndKeptAcrossARestart() throws Exception {
        CommandOutcome on = run("lockdown", "state", "on", "reason", "intruder reported");
        assertEquals(on.reason(), OutcomeStatus.COMPLETED, on.status());
        assertTrue(rules.lockdown);
        assertEquals("on", on.data().get("lockdown"));
        Event event = bus.only(SafetyModes.LOCKDOWN_EVENT);
        assertEquals("operator", event.actor());
        assertEquals("intruder reported", event.data().get("reason"));

        FakeRules restarted = new FakeRules();
        assertTrue(new SafetyModes(restarted, fire, () -> { }, lockdownFile, bus, clock).restore());
        assertTrue("the restarted rules are in lockdown", restarted.lockdown);

        assertEquals(OutcomeStatus.COMPLETED, run("lockdown", "state", "off").status());
        FakeRules again = new FakeRules();
        assertFalse(new SafetyModes(again, fire, () -> { }, lockdownFile, bus, clock).restore());
        assertFalse(again.lockdown);
    }

    @Test
    public void theFireReleaseByHandHoldsTheFireReleaseDoorsAsTheInputDoesAndOpensNothingElse() throws Exception {
        CommandOutcome on = run("fire-release", "state", "on", "reason", "smoke in the hall");
        assertEquals(on.reason(), OutcomeStatus.COMPLETED, on.status());
        assertEquals(List.of(RELEASED), on.data().get("doors"));
        assertTrue(holds.held(RELEASED));
        assertEquals(600L, registry.submitted(RELEASED, "unlock").get(0).arguments().get("seconds"));
        assertTrue("no other door is unlocked", registry.submitted("door.2f.meeting-rooms", "unlock").isEmpty());
        Event active = bus.only(AccessEventTypes.FIRE_RELEASE);
        assertEquals("active", active.data().get("state"));
        assertEquals("manual", active.data().get("input"));

        // the panel's own alarm ending does not end the release by hand, nor the other way round
        fire.pointChanged(DoorSupervisorTest.point("fire.panel", "alarm", true));
        fire.pointChanged(DoorSupervisorTest.point("fire.panel", "alarm", false));
        assertTrue(holds.held(RELEASED));
        assertEquals(OutcomeStatus.COMPLETED, run("fire-release", "state", "off").status());
        assertFalse(holds.held(RELEASED));
        assertEquals(1, registry.submitted(RELEASED, "lock").size());
    }

    @Test
    public void aStateOtherThanOnOrOffIsRejectedNamingTheArgument() throws Exception {
        CommandOutcome bad = hub.submit(Command.builder("access", "lockdown").argument("state", "maybe")
                .issuer(Issuer.of("operator", Issuer.Channel.SHELL, "yakata-operator")).build());
        assertEquals(OutcomeStatus.REJECTED, bad.status());
        assertTrue(bad.reason(), bad.reason().contains("state"));
    }
}
