package dev.yakata.core.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ActionDefinitionTest {

    private static Map<String, Object> shutter() {
        Map<String, Object> config = new HashMap<>();
        config.put("device.id", "shutter.a");
        config.put("device.type", "shutter");
        config.put("adapter", "bacnet");
        config.put("point.state.kind", "text");
        config.put("point.obstruction.kind", "binary");
        config.put("point.closed.kind", "binary");
        config.put("point.motor.kind", "binary");
        config.put("point.motor.writable", "true");
        return config;
    }

    private static String refusal(Map<String, Object> config) {
        try {
            DeviceConfigParser.parseDevice(config, "dev.yakata.device-shutter.a.cfg");
        } catch (DeviceConfigException e) {
            return e.getMessage();
        }
        fail("accepted: " + config);
        return null;
    }

    @Test
    public void anActionIsReadWithItsInterlockConfirmationAndPulse() throws Exception {
        Map<String, Object> config = shutter();
        config.put("action.close", "motor=true");
        config.put("action.close.refuseWhen", "obstruction=true");
        config.put("action.close.confirm", "closed=true");
        config.put("action.close.confirmSeconds", "12");
        config.put("action.release", "motor=null");
        DeviceConfig parsed = DeviceConfigParser.parseDevice(config, "x.cfg");
        ActionDefinition close = parsed.actions().get("close");
        assertEquals(List.of(new ActionDefinition.Assignment("motor", true, null)), close.writes());
        assertEquals("obstruction=true", close.refuseWhen().get(0).toString());
        assertEquals(12_000, close.confirmMillis());
        assertEquals("motor=null", parsed.actions().get("release").writes().get(0).toString());
        assertTrue("action keys are the hub's, not the adapter's", parsed.definition().properties().isEmpty());
    }

    @Test
    public void aBadActionIsRefusedWhenTheFileLoads() {
        Map<String, Object> readOnly = shutter();
        readOnly.put("action.close", "closed=true");
        assertTrue(refusal(readOnly).contains("action.close: point 'closed' is read-only"));

        Map<String, Object> noPoint = shutter();
        noPoint.put("action.close", "moter=true");
        assertTrue(refusal(noPoint).contains("action.close: no point 'moter'"));

        Map<String, Object> badValue = shutter();
        badValue.put("action.close", "motor=shut");
        assertTrue(refusal(badValue).contains("'shut' is not a valid binary value for point 'motor' (true or false)"));

        Map<String, Object> badSuffix = shutter();
        badSuffix.put("action.close", "motor=true");
        badSuffix.put("action.close.confirmSecs", "3");
        assertTrue(refusal(badSuffix).contains("key 'action.close.confirmSecs' is not an action setting"));

        Map<String, Object> noArgument = shutter();
        noArgument.put("action.close", "motor=$speed");
        assertTrue(refusal(noArgument).contains("$speed is not an argument of close"));

        Map<String, Object> pulseWithoutPause = shutter();
        pulseWithoutPause.put("action.close", "motor=true");
        pulseWithoutPause.put("action.close.then", "motor=false");
        assertTrue(refusal(pulseWithoutPause).contains(".then and .thenAfter go together"));
    }

    @Test
    public void aDoorUnlockPulseTakesItsPauseFromTheSecondsArgument() throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put("device.type", "door");
        config.put("adapter", "bacnet");
        config.put("point.locked.kind", "binary");
        config.put("point.contact.kind", "binary");
        config.put("point.lock-cmd.kind", "binary");
        config.put("point.lock-cmd.writable", "true");
        config.put("action.unlock", "lock-cmd=false");
        config.put("action.unlock.then", "lock-cmd=true");
        config.put("action.unlock.thenAfter", "$seconds");
        ActionDefinition unlock = DeviceConfigParser.parseDevice(config, "dev.yakata.device-door.b.cfg").actions().get("unlock");
        assertEquals(3_000, unlock.thenAfterMillis(Map.of("seconds", 3L)));
    }
}
