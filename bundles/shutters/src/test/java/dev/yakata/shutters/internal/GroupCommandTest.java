package dev.yakata.shutters.internal;

import static dev.yakata.shutters.internal.Building.assertStatus;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Group commands on the {@code shutters} device: dispatch to every shutter at once, progress per shutter, the summary. */
public class GroupCommandTest {

    private static final String FILE = """
            group 1f-counters name "1F counters" shutters shutter.1f.counter-1, shutter.1f.counter-2, shutter.1f.counter-3, shutter.1f.counter-4
            group all-counters name "All counters" groups 1f-counters
            """;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Building building;

    @Before
    public void setUp() throws Exception {
        building = new Building(temp.getRoot().toPath(), FILE, Clock.systemUTC());
        for (int i = 1; i <= 4; i++) {
            building.shutter("shutter.1f.counter-" + i, "L1", 0.3, 1);
        }
    }

    @After
    public void tearDown() throws Exception {
        building.close();
    }

    private Event summary(String correlation) throws InterruptedException {
        return building.awaitEvent(ShutterEventTypes.GROUP_SUMMARY, e -> e.correlationId().equals(correlation));
    }

    @Test
    public void closeAllDispatchesEveryCloseAndTheSummarySaysWhichClosedWhichWereRefusedAndWhichWentFault() throws Exception {
        building.simulator.inject("shutter.1f.counter-3", "obstruction");
        building.simulator.inject("shutter.1f.counter-4", "stuck");
        Building.await("obstruction seen", () -> Boolean.TRUE.equals(building.value("shutter.1f.counter-3", "obstruction")));

        Command group = Building.command(Building.OPERATOR, "shutters", "close-group", "group", "all-counters");
        CommandOutcome outcome = building.run(group);
        assertStatus(outcome, "COMPLETED");
        assertEquals(4L, outcome.data().get("dispatched"));
        assertEquals(group.id(), outcome.data().get("correlation"));
        assertEquals(List.of("shutter.1f.counter-1", "shutter.1f.counter-2", "shutter.1f.counter-3", "shutter.1f.counter-4"),
                outcome.data().get("shutters"));

        Event summary = summary(group.id());
        assertEquals(List.of("shutter.1f.counter-1", "shutter.1f.counter-2"), summary.data().get("reached"));
        assertEquals("CLOSED", summary.data().get("target"));
        Map<?, ?> refused = (Map<?, ?>) summary.data().get("refused");
        assertEquals(List.of("shutter.1f.counter-3"), List.copyOf(refused.keySet()));
        assertTrue(String.valueOf(refused), String.valueOf(refused.get("shutter.1f.counter-3")).contains("obstructed"));
        Map<?, ?> fault = (Map<?, ?>) summary.data().get("fault");
        assertEquals(List.of("shutter.1f.counter-4"), List.copyOf(fault.keySet()));
        assertTrue(String.valueOf(fault), String.valueOf(fault.get("shutter.1f.counter-4")).contains("was not confirmed by the closed limit"));
        assertEquals(Severity.WARNING, summary.severity());
        assertEquals("sato", summary.actor());

        List<Event> progress = building.events(ShutterEventTypes.GROUP_PROGRESS, e -> e.correlationId().equals(group.id()));
        assertEquals(4, progress.size());
        assertEquals(List.of(1L, 2L, 3L, 4L), progress.stream().map(e -> e.data().get("done")).toList());
        assertEquals("the FAULT comes last, after its travel time", "shutter.1f.counter-4", progress.get(3).data().get("shutter"));
        assertEquals("FAULT", progress.get(3).data().get("result"));

        List<Event> issued = building.events(EventTypes.COMMAND_ISSUED, e -> "close".equals(e.data().get("action")));
        assertEquals("three closes went out (the obstructed one was refused before)", 3, issued.size());
        issued.forEach(e -> assertEquals("each close carries the group command's correlation", group.id(), e.correlationId()));
        issued.forEach(e -> assertEquals("each close is the operator's, for the policy and the audit", "sato", e.actor()));
    }

    @Test
    public void aGroupOfShuttersAllClosedIsASummaryOfReachedOnlyAndOpenGroupOpensThemAgain() throws Exception {
        Command close = Building.command(Building.OPERATOR, "shutters", "close-group", "group", "1f-counters");
        assertStatus(building.run(close), "COMPLETED");
        Event closed = summary(close.id());
        assertEquals(4, ((List<?>) closed.data().get("reached")).size());
        assertEquals(Severity.INFO, closed.severity());
        for (int i = 1; i <= 4; i++) {
            assertEquals("CLOSED", building.state("shutter.1f.counter-" + i));
        }

        Command again = Building.command(Building.OPERATOR, "shutters", "close-group", "group", "1f-counters");
        assertStatus(building.run(again), "COMPLETED");
        assertEquals("closing closed shutters settles at once", 4, ((List<?>) summary(again.id()).data().get("reached")).size());

        Command open = Building.command(Building.OPERATOR, "shutters", "open-group", "group", "1f-counters");
        assertStatus(building.run(open), "COMPLETED");
        Event opened = summary(open.id());
        assertEquals("OPEN", opened.data().get("target"));
        assertEquals(4, ((List<?>) opened.data().get("reached")).size());
    }

    @Test
    public void stopGroupStopsEveryMovingShutter() throws Exception {
        building.shutter("shutter.1f.counter-1", "L1", 3, 5); // slower: still moving when the stop comes
        Command close = Building.command(Building.OPERATOR, "shutters", "close-group", "group", "1f-counters");
        building.run(close);
        building.awaitState("shutter.1f.counter-1", "CLOSING");
        Command stop = Building.command(Building.OPERATOR, "shutters", "stop-group", "group", "1f-counters");
        assertStatus(building.run(stop), "COMPLETED");
        Event stopped = summary(stop.id());
        assertEquals(4, ((List<?>) stopped.data().get("reached")).size());
        Event closeSummary = summary(close.id());
        Map<?, ?> short_ = (Map<?, ?>) closeSummary.data().get("stopped");
        assertTrue(String.valueOf(closeSummary.data()), short_.containsKey("shutter.1f.counter-1"));
    }

    @Test
    public void anUnknownGroupIsRefusedNamingTheGroupsThereAre() throws Exception {
        CommandOutcome outcome = building.run("shutters", "close-group", "group", "2f-counters");
        assertStatus(outcome, "REJECTED");
        assertEquals("no group '2f-counters' in etc/shutters/shutters.cfg; groups: 1f-counters, all-counters", outcome.reason());
    }

    @Test
    public void aViewerMayAskTheStatusButNotCloseAGroup() throws Exception {
        CommandOutcome close = building.run(Building.command(Building.VIEWER, "shutters", "close-group", "group", "1f-counters"));
        assertStatus(close, "REJECTED");
        assertTrue(close.reason(), close.reason().startsWith("refused by policy: 'suzuki' (yakata-viewer)"));
        CommandOutcome status = building.run(Building.command(Building.VIEWER, "shutters", "status"));
        assertStatus(status, "COMPLETED");
        List<?> shutters = (List<?>) status.data().get("shutters");
        assertEquals(4, shutters.size());
        assertEquals("OPEN", ((Map<?, ?>) shutters.get(0)).get("state"));
        assertEquals("1 s", ((Map<?, ?>) shutters.get(0)).get("travel"));
        assertEquals(2, ((List<?>) status.data().get("groups")).size());
    }
}
