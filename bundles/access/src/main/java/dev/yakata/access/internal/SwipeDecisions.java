package dev.yakata.access.internal;

import dev.yakata.access.rules.Decision;
import dev.yakata.access.rules.Swipe;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.Pseudonyms;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every {@code card.swiped}: the rules decide, a grant unlocks the door through the registry (submitted, never
 * waited for), and the bus gets {@code access.granted} or {@code access.denied} and {@code card.presented}. This is
 * the hot path (2 ms p99 from the swipe on the bus to the unlock submitted), so the unlock goes out before anything
 * is published and nothing here blocks.
 */
final class SwipeDecisions implements EventListener {

    private static final Logger LOG = LoggerFactory.getLogger(SwipeDecisions.class);

    /** The refusal when the rules themselves failed on a swipe, so that no swipe goes unrecorded. */
    static final String RULES_FAILED = "rules-failed";

    private final Rules rules;
    private final DoorCommands doors;
    private final DeviceLookup devices;
    private final Pseudonyms pseudonyms;
    private final DoorSupervisor supervisor;
    private final EventBus bus;
    private final Clock clock;

    SwipeDecisions(Rules rules, DoorCommands doors, DeviceLookup devices, Pseudonyms pseudonyms,
            DoorSupervisor supervisor, EventBus bus, Clock clock) {
        this.rules = rules;
        this.doors = doors;
        this.devices = devices;
        this.pseudonyms = pseudonyms;
        this.supervisor = supervisor;
        this.bus = bus;
        this.clock = clock;
    }

    @Override
    public void onEvent(Event event) {
        if (!EventTypes.CARD_SWIPED.equals(event.type())) {
            return;
        }
        // Received when the hub learned of it (the event's time), not when this listener's queue reached it.
        Swipe swipe = new Swipe(event.id(), event.source(), EventData.text(event.data(), "reader"),
                event.data().get("card") instanceof String card ? card : "", event.time(), event.deviceTime());
        Decision decision = decide(swipe);
        String unlockCommand = "";
        if (decision.granted() && decision.unlockSeconds() > 0) {
            // The supervisor learns of the grant first, so an unlock refused at once also ends it at once.
            supervisor.granted(swipe.door(), decision.unlockSeconds(), swipe.eventId());
            DoorCommands.Submitted unlock = doors.unlock(swipe.door(), decision.unlockSeconds(),
                    unlockReason(decision), swipe.eventId());
            unlockCommand = unlock.command().id();
            unlock.outcome().whenComplete((outcome, failure) -> {
                if (failure != null || !outcome.isSuccess()) {
                    supervisor.unlockFailed(swipe.door(), swipe.eventId());
                }
            });
        }
        Instant decidedAt = clock.instant();
        String zone = devices.zone(swipe.door());
        bus.publish(DecisionEvents.decided(decision, swipe, zone, unlockCommand, decidedAt));
        String person = decision.person().isEmpty() ? "" : pseudonyms.ofPerson(decision.person());
        bus.publish(DecisionEvents.presented(decision, swipe, zone, person, decidedAt));
    }

    private Decision decide(Swipe swipe) {
        try {
            return rules.decide(swipe);
        } catch (RuntimeException e) {
            LOG.error("Access control: the rules failed on swipe {} at {}; it is refused", swipe.eventId(),
                    swipe.door(), e);
            return new Decision(false, RULES_FAILED, "The access rules failed on this swipe (" + e
                    + "); it is refused. The hub's log has the details.", "", swipe.door(), swipe.reader(), "", "",
                    "", 0, "", false, "", false, false, 0);
        }
    }

    private static String unlockReason(Decision d) {
        return "access granted to " + (d.person().isEmpty() ? "an unknown person" : d.person()) + " at reader "
                + d.reader() + (d.rule().isEmpty() ? " (" + d.reason() + ")" : " by " + d.rule());
    }
}
