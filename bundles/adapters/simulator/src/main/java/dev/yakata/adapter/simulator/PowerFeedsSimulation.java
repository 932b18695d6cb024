package dev.yakata.adapter.simulator;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A floor's two redundant power feeds, A and B. The load is powered while either is energised; redundancy holds only
 * while both are. Losing one feed is an alarm even though the load is still powered; losing the second is critical.
 */
final class PowerFeedsSimulation extends SimulatedDevice {

    private boolean feedA = true;
    private boolean feedB = true;

    PowerFeedsSimulation(DeviceDefinition device, DeviceContext context) {
        super(SimModel.POWER_FEEDS, device, context);
    }

    @Override
    protected void publishInitialValues() {
        publishAll();
    }

    @Override
    protected void tick() {
        // feeds change only through faults
    }

    @Override
    protected void faultInjected(String fault) {
        setFeed(fault, false);
        boolean loadPowered = feedA || feedB;
        String feed = feedName(fault);
        String message = loadPowered
                ? "feed " + feed + " of " + device.id() + " lost; the load is still powered by feed "
                        + (feedA ? "A" : "B") + " but redundancy is lost"
                : "feed " + feed + " of " + device.id() + " lost; both feeds are down and the load is NOT powered";
        event(EventTypes.ALARM_RAISED, loadPowered ? Severity.ALARM : Severity.CRITICAL, alarmData(fault, message));
    }

    @Override
    protected void faultCleared(String fault) {
        setFeed(fault, true);
        String message = "feed " + feedName(fault) + " of " + device.id() + " is energised again"
                + (feedA && feedB ? "; redundancy restored" : "");
        event(EventTypes.ALARM_CLEARED, Severity.INFO, alarmData(fault, message));
    }

    private Map<String, Object> alarmData(String fault, String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("alarm", fault);
        data.put("feed", feedName(fault));
        data.put("loadPowered", feedA || feedB);
        data.put("redundancyOk", feedA && feedB);
        data.put("message", message);
        return data;
    }

    private void setFeed(String fault, boolean energised) {
        if ("feed-a-loss".equals(fault)) {
            feedA = energised;
        } else {
            feedB = energised;
        }
        publishAll();
    }

    private void publishAll() {
        publish("feed-a", feedA);
        publish("feed-b", feedB);
        publish("load-powered", feedA || feedB);
        publish("redundancy-ok", feedA && feedB);
    }

    private static String feedName(String fault) {
        return "feed-a-loss".equals(fault) ? "A" : "B";
    }
}
