package dev.yakata.shutters.internal;

import static dev.yakata.shutters.internal.Building.assertStatus;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The daily closing and its postponement, on a clock the test sets (Tokyo; 2026-12-02 is a Wednesday). */
public class ClosingScheduleTest {

    private static final String FILE = """
            time-zone Asia/Tokyo
            group 1f-counters name "1F counters" shutters shutter.1f.counter-1, shutter.1f.counter-2
            closing 1f-counters at 17:15 on mon-fri
            holiday 2026-12-29 name "year-end"
            """;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final MutableClock clock = new MutableClock(tokyo("2026-12-02T09:00"));
    private Building building;

    private static Instant tokyo(String local) {
        return java.time.LocalDateTime.parse(local).atZone(Building.TOKYO).toInstant();
    }

    @Before
    public void setUp() throws Exception {
        building = new Building(temp.getRoot().toPath(), FILE, clock);
        building.shutter("shutter.1f.counter-1", "L1", 0.2, 2);
        building.shutter("shutter.1f.counter-2", "L1", 0.2, 2);
    }

    @After
    public void tearDown() throws Exception {
        building.close();
    }

    private List<Event> scheduled() {
        return building.events(EventTypes.COMMAND_ISSUED, e -> e.source().equals("shutters")
                && "close-group".equals(e.data().get("action")));
    }

    @Test
    public void theGroupClosesAtClosingTimeOnAWorkingDayAsTheSchedulesCommand() throws Exception {
        clock.set(tokyo("2026-12-02T17:14:59"));
        building.runtime.schedule().tick();
        assertTrue("not before its time", scheduled().isEmpty());

        clock.set(tokyo("2026-12-02T17:15:00"));
        building.runtime.schedule().tick();
        Event issued = building.awaitEvent(EventTypes.COMMAND_ISSUED, e -> "close-group".equals(e.data().get("action")));
        assertEquals("closing-schedule", issued.actor());
        assertEquals("SCHEDULE", issued.data().get("channel"));
        assertTrue(String.valueOf(issued.data().get("reason")), String.valueOf(issued.data().get("reason"))
                .startsWith("daily closing at 17:15 (shutters.cfg:3)"));
        Event summary = building.awaitEvent(ShutterEventTypes.GROUP_SUMMARY, e -> true);
        assertEquals(List.of("shutter.1f.counter-1", "shutter.1f.counter-2"), summary.data().get("reached"));

        clock.set(tokyo("2026-12-02T17:16:00"));
        building.runtime.schedule().tick();
        assertEquals("once a day", 1, scheduled().size());
    }

    @Test
    public void noClosingRunsOnAWeekendOrAHolidayOrLongAfterAMissedTime() throws Exception {
        for (String day : List.of("2026-12-05T17:15", "2026-12-06T17:15", "2026-12-29T17:15")) {
            clock.set(tokyo(day));
            building.runtime.schedule().tick();
        }
        clock.set(tokyo("2026-12-03T17:26")); // the hub came back eleven minutes late
        building.runtime.schedule().tick();
        Thread.sleep(100);
        assertTrue(scheduled().isEmpty());
    }

    @Test
    public void anOperatorPostponesTodaysClosingWithAReasonAndItRunsThenEvenAfterARestart() throws Exception {
        clock.set(tokyo("2026-12-02T16:50"));
        CommandOutcome noReason = building.run(Command.builder("shutters", "postpone-closing").argument("until", "18:30")
                .issuer(Building.OPERATOR).build());
        assertStatus(noReason, "REJECTED");
        assertEquals("say why the closing is postponed: give the command a reason (--reason)", noReason.reason());
        CommandOutcome earlier = building.run("shutters", "postpone-closing", "until", "17:00");
        assertStatus(earlier, "REJECTED");
        assertEquals("until=17:00 is not after the closing at 17:15 (shutters.cfg:3); a postponement makes the closing "
                + "later", earlier.reason());
        CommandOutcome bad = building.run("shutters", "postpone-closing", "until", "half past six");
        assertEquals("until=half past six is not a time of day; write HH:mm, for example 18:30", bad.reason());

        Command postpone = Command.builder("shutters", "postpone-closing").argument("until", "18:30")
                .issuer(Building.OPERATOR).reason("tax office open late").build();
        CommandOutcome postponed = building.run(postpone);
        assertStatus(postponed, "COMPLETED");
        Event event = building.awaitEvent(ShutterEventTypes.CLOSING_POSTPONED, e -> true);
        assertEquals("sato", event.actor());
        assertEquals("tax office open late", event.data().get("reason"));
        assertEquals(List.of("17:15"), event.data().get("was"));
        Event audited = building.awaitEvent(EventTypes.COMMAND_ISSUED, e -> postpone.id().equals(e.data().get("command")));
        assertEquals("the policy and the audit see it as a command", "tax office open late", audited.data().get("reason"));

        clock.set(tokyo("2026-12-02T17:15"));
        building.runtime.schedule().tick();
        Thread.sleep(100);
        assertTrue("not at the old time", scheduled().isEmpty());

        // a restart: a new schedule reads the postponement back from its file
        ClosingSchedule restarted = new ClosingSchedule(building.runtime.supervisor()::config, building.registry(),
                building.bus, clock, temp.getRoot().toPath().resolve("state").resolve("postponed-closing.properties"));
        assertEquals("18:30", restarted.today().get(0).get("runs"));
        assertEquals("by sato: tax office open late", restarted.today().get(0).get("postponed"));
        clock.set(tokyo("2026-12-02T18:30"));
        restarted.tick();
        Event issued = building.awaitEvent(EventTypes.COMMAND_ISSUED, e -> "close-group".equals(e.data().get("action")));
        assertTrue(String.valueOf(issued.data().get("reason")), String.valueOf(issued.data().get("reason"))
                .equals("daily closing, postponed to 18:30 by sato: tax office open late"));

        clock.set(tokyo("2026-12-03T17:15"));
        assertEquals("a postponement holds for its day only", "17:15", restarted.today().get(0).get("runs"));
    }

    @Test
    public void nothingIsPostponedWhenNoClosingIsLeftToday() throws Exception {
        clock.set(tokyo("2026-12-05T12:00")); // a Saturday
        CommandOutcome outcome = building.run("shutters", "postpone-closing", "until", "18:30");
        assertStatus(outcome, "REJECTED");
        assertEquals("no closing is still to run today (2026-12-05, SATURDAY); nothing to postpone", outcome.reason());
        Path state = temp.getRoot().toPath().resolve("state").resolve("postponed-closing.properties");
        assertTrue(!java.nio.file.Files.exists(state));
    }
}
