package dev.yakata.access.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;

/**
 * The listener for what doors and fire inputs report ({@code point.changed}) and for the commands the core issued
 * ({@code command.issued}), apart from the swipes' listener so a burst of telemetry never queues a decision.
 */
final class DoorEvents implements EventListener {

    private final DoorSupervisor supervisor;
    private final FireRelease fire;

    DoorEvents(DoorSupervisor supervisor, FireRelease fire) {
        this.supervisor = supervisor;
        this.fire = fire;
    }

    @Override
    public void onEvent(Event event) {
        switch (event.type()) {
            case EventTypes.POINT_CHANGED -> {
                fire.pointChanged(event);
                supervisor.pointChanged(event);
            }
            case EventTypes.COMMAND_ISSUED -> supervisor.commandIssued(event);
            default -> {
            }
        }
    }
}
