package dev.yakata.access.internal;

import dev.yakata.bus.testing.RecordingBus;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.access.rules.AccessEngine;
import dev.yakata.access.rules.Decision;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.Before;
import org.junit.Test;

/**
 * What a decision turns into: the unlock through the registry and the events, with their keys as the spec's Events
 * table lists them. The decisions themselves are scripted here; the rules' own tests decide them.
 */
public class SwipeDecisionsTest {

    private static final String DOOR = "door.2f.server-room";
    private static final Set<String> DECISION_KEYS = Set.of("door", "reader", "direction", "from", "to", "level",
            "card", "person", "reason", "detail", "rule");

    private final RecordingBus bus = new RecordingBus();
    private final FakeRegistry registry = new FakeRegistry().door(DOOR, "L3");
    private final TestClock clock = new TestClock(Instant.parse("2026-12-02T01:00:00Z"));
    private final FakeRules rules = new FakeRules();
    private final TestPseudonyms pseudonyms = new TestPseudonyms();
    private final String card = pseudonyms.ofCard("staff-0107");
    private SwipeDecisions swipes;

    @Before
    public void setUp() {
        DoorSupervisor supervisor = new DoorSupervisor(bus, new DeviceLookup(registry), door -> false, clock);
        supervisor.configure(List.of(DoorSupervisorTest.spec(DOOR, 5, 30)));
        swipes = new SwipeDecisions(rules, new DoorCommands(registry), new DeviceLookup(registry), pseudonyms,
                supervisor, bus, clock);
    }

    private Event swipe(String reader, Object cardValue) {
        Event.Builder swipe = Event.builder(EventTypes.CARD_SWIPED, DOOR).id("swipe-1").time(clock.instant())
                .deviceTime(clock.instant().minusSeconds(1)).put("reader", reader).put("direction", "entry");
        if (cardValue != null) {
            swipe.put("card", cardValue);
        }
        return swipe.build();
    }

    @Test
    public void aGrantUnlocksTheDoorAsTheHubForTheDecidedSeconds() {
        swipes.onEvent(swipe("entry", card));
        List<Command> unlocks = registry.submitted(DOOR, "unlock");
        assertEquals(1, unlocks.size());
        Command unlock = unlocks.get(0);
        assertEquals(5L, unlock.arguments().get("seconds"));
        assertEquals("access-control", unlock.issuer().user());
        assertEquals(Issuer.Channel.HUB, unlock.issuer().channel());
        assertTrue(unlock.issuer().hasRole("yakata-hub"));
        assertEquals("swipe-1", unlock.correlationId());
        assertTrue(unlock.reason(), unlock.reason().contains("policies.cfg:14") && unlock.reason().contains("P0107"));
    }

    @Test
    public void theGrantedEventCarriesTheSpecsKeysAndTheUnlocksId() {
        swipes.onEvent(swipe("entry", card));
        Event granted = bus.only(EventTypes.ACCESS_GRANTED);
        assertEquals(DOOR, granted.source());
        assertEquals("L3", granted.zone());
        assertEquals(Severity.INFO, granted.severity());
        assertEquals("swipe-1", granted.correlationId());
        assertEquals(card, granted.actor());
        assertEquals(clock.instant().minusSeconds(1), granted.deviceTime());
        assertEquals(union(DECISION_KEYS, Set.of("unlockCommand")), granted.data().keySet());
        assertEquals(3L, granted.data().get("level"));
        assertEquals("entry", granted.data().get("direction"));
        assertEquals("back-office", granted.data().get("from"));
        assertEquals("server-room", granted.data().get("to"));
        assertEquals(card, granted.data().get("card"));
        assertEquals("P0107", granted.data().get("person"));
        assertEquals("granted", granted.data().get("reason"));
        assertEquals("policies.cfg:14", granted.data().get("rule"));
        assertEquals(registry.submitted.get(0).id(), granted.data().get("unlockCommand"));
    }

    @Test
    public void aDenialIsAWarningWithoutUnlockAndTheOptionalKeysAppearWhenTheySaySomething() {
        rules.decisions = s -> new Decision(false, "passback", "already inside", "", s.door(), s.reader(), "entry",
                "back-office", "server-room", 3, "P0107", true, "P0001", true, true, 0);
        swipes.onEvent(swipe("entry", card));
        assertTrue(registry.submitted.isEmpty());
        Event denied = bus.only(EventTypes.ACCESS_DENIED);
        assertEquals(Severity.WARNING, denied.severity());
        assertEquals(union(DECISION_KEYS, Set.of("passbackViolation", "escort", "late", "clockSkew")),
                denied.data().keySet());
        assertEquals(true, denied.data().get("passbackViolation"));
        assertEquals("P0001", denied.data().get("escort"));
        assertEquals(true, denied.data().get("late"));
        assertEquals(true, denied.data().get("clockSkew"));
    }

    @Test
    public void aGrantWithNoUnlockSecondsOpensNothing() {
        rules.decisions = s -> FakeRules.granted(s, "P0107", 0); // a late swipe, or free passage
        swipes.onEvent(swipe("entry", card));
        assertTrue(registry.submitted.isEmpty());
        assertFalse(bus.only(EventTypes.ACCESS_GRANTED).data().containsKey("unlockCommand"));
    }

    @Test
    public void cardPresentedCarriesThePersonsPseudonymNeverTheirId() {
        swipes.onEvent(swipe("entry", card));
        Event presented = bus.only(EventTypes.CARD_PRESENTED);
        assertEquals(Set.of("person", "card", "door", "reader", "direction", "decision"), presented.data().keySet());
        assertEquals(pseudonyms.ofPerson("P0107"), presented.data().get("person"));
        assertEquals(card, presented.data().get("card"));
        assertEquals("granted", presented.data().get("decision"));
        assertEquals("swipe-1", presented.correlationId());
        assertEquals(DOOR, presented.source());
        assertFalse(presented.toString().contains("P0107"));
    }

    @Test
    public void anUnknownPersonIsPresentedWithAnEmptyPerson() {
        rules.decisions = s -> FakeRules.denied(s, "unknown-card");
        swipes.onEvent(swipe("entry", card));
        assertEquals("", bus.only(EventTypes.CARD_PRESENTED).data().get("person"));
        assertEquals("denied", bus.only(EventTypes.CARD_PRESENTED).data().get("decision"));
    }

    @Test
    public void theSwipeIsDecidedOnTheHubsReceiptAndACardThatIsNoTextIsPassedOnEmpty() {
        Instant[] seen = new Instant[1];
        String[] cards = new String[1];
        rules.decisions = s -> {
            seen[0] = s.receivedAt();
            cards[0] = s.card();
            return FakeRules.denied(s, "malformed-card");
        };
        Event swipe = swipe("entry", 12345L);
        clock.advanceSeconds(2); // the listener's queue held it a while
        swipes.onEvent(swipe);
        assertEquals(swipe.time(), seen[0]);
        assertEquals("", cards[0]);
        assertEquals(clock.instant(), bus.only(EventTypes.ACCESS_DENIED).time());
    }

    @Test
    public void theListenerDoesNotWaitForTheUnlocksOutcome() {
        registry.answer = c -> new CompletableFuture<>(); // a door that never answers
        Thread listener = new Thread(() -> swipes.onEvent(swipe("entry", card)));
        listener.start();
        try {
            listener.join(10_000); // a listener that waited for the outcome would wait for ever
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertFalse("the listener returned without the door's answer", listener.isAlive());
        assertEquals(1, bus.ofType(EventTypes.ACCESS_GRANTED).size());
    }

    @Test
    public void aGrantWhoseUnlockIsRefusedDoesNotExcuseTheDoorOpening() {
        registry.value(DOOR, "locked", true).value(DOOR, "contact", true);
        DoorSupervisor supervisor = new DoorSupervisor(bus, new DeviceLookup(registry), door -> false, clock);
        supervisor.configure(List.of(DoorSupervisorTest.spec(DOOR, 5, 30)));
        SwipeDecisions decisions = new SwipeDecisions(rules, new DoorCommands(registry), new DeviceLookup(registry),
                pseudonyms, supervisor, bus, clock);
        registry.answer = c -> CompletableFuture.completedFuture(
                dev.yakata.api.command.CommandOutcome.rejected(c, "refused by policy"));
        decisions.onEvent(swipe("entry", card));
        supervisor.pointChanged(DoorSupervisorTest.point(DOOR, "contact", false));
        assertEquals(1, bus.ofType(EventTypes.DOOR_FORCED).size());
    }

    @Test
    public void aGrantWhoseUnlockSucceedsExcusesTheDoorOpening() {
        registry.value(DOOR, "locked", true).value(DOOR, "contact", true);
        DoorSupervisor supervisor = new DoorSupervisor(bus, new DeviceLookup(registry), door -> false, clock);
        supervisor.configure(List.of(DoorSupervisorTest.spec(DOOR, 5, 30)));
        new SwipeDecisions(rules, new DoorCommands(registry), new DeviceLookup(registry), pseudonyms, supervisor, bus,
                clock).onEvent(swipe("entry", card));
        supervisor.pointChanged(DoorSupervisorTest.point(DOOR, "contact", false));
        assertTrue(bus.ofType(EventTypes.DOOR_FORCED).isEmpty());
    }

    @Test
    public void rulesThatFailStillLeaveARefusalOnTheRecord() {
        rules.decisions = s -> {
            throw new IllegalStateException("a bug");
        };
        swipes.onEvent(swipe("entry", card));
        Event denied = bus.only(EventTypes.ACCESS_DENIED);
        assertEquals(SwipeDecisions.RULES_FAILED, denied.data().get("reason"));
        assertTrue(registry.submitted.isEmpty());
    }

    @Test
    public void withoutAnyAccessFileEverySwipeIsRefusedSayingWhy() {
        EngineRules unconfigured = new EngineRules(AccessEngine.Settings.defaults(ZoneOffset.UTC),
                () -> "etc/access does not exist");
        SwipeDecisions decisions = new SwipeDecisions(unconfigured, new DoorCommands(registry),
                new DeviceLookup(registry), pseudonyms,
                new DoorSupervisor(bus, new DeviceLookup(registry), d -> false, clock), bus, clock);
        decisions.onEvent(swipe("entry", card));
        Event denied = bus.only(EventTypes.ACCESS_DENIED);
        assertEquals(EngineRules.NOT_CONFIGURED, denied.data().get("reason"));
        assertTrue(String.valueOf(denied.data().get("detail")).contains("etc/access does not exist"));
        assertTrue(registry.submitted.isEmpty());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
