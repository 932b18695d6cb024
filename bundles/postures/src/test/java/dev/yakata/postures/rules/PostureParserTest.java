package dev.yakata.postures.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.core.api.DeviceInfo;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class PostureParserTest {

    private static final String HEAD = "posture p title \"テスト\" title-en \"Test\"\n";

    private static Map<String, Posture> parse(String text) throws PostureFileException {
        return PostureParser.parse("postures.cfg", text, DemoBuilding.catalog());
    }

    private static void refused(String text, int line, String... fragments) {
        try {
            parse(text);
            fail("accepted: " + text);
        } catch (PostureFileException e) {
            assertEquals(e.getMessage(), line, e.line());
            assertTrue(e.getMessage(), e.getMessage().startsWith("postures.cfg:" + line + ": "));
            for (String fragment : fragments) {
                assertTrue(e.getMessage() + " lacks " + fragment, e.getMessage().contains(fragment));
            }
        }
    }

    @Test
    public void theShippedFileLoadsAgainstTheDemoBuildingWithItsFivePosturesInOrder() throws Exception {
        Map<String, Posture> postures = parse(DemoBuilding.posturesFile());
        assertEquals(List.of("closing-time", "lockdown", "lockdown-end", "fire", "fire-end"), List.copyOf(postures.keySet()));
        Posture closing = postures.get("closing-time");
        assertEquals("閉庁時", closing.title());
        assertEquals("Closing time", closing.titleEn());
        assertEquals(3, closing.steps().size());
        assertEquals("lock", closing.steps().get(1).action());
        Step setback = closing.steps().get(2);
        assertTrue(setback.isWrite());
        assertEquals("setpoint", setback.point());
        assertEquals("posture lockdown", postures.get("lockdown").steps().get(1).arguments().get("reason"));
    }

    @Test
    public void closingTimeSelectsTheFourCounterShuttersAndTheThreeLevelTwoDoors() throws Exception {
        Posture closing = parse(DemoBuilding.posturesFile()).get("closing-time");
        List<DeviceInfo> devices = DemoBuilding.devices();
        assertEquals(List.of("shutter.1f.counter-1", "shutter.1f.counter-2", "shutter.1f.counter-3", "shutter.1f.counter-4"),
                closing.steps().get(0).selection().select(devices).stream().map(DeviceInfo::id).toList());
        assertEquals(List.of("door.1f.back-office", "door.2f.meeting-rooms", "door.3f.back-office"),
                closing.steps().get(1).selection().select(devices).stream().map(DeviceInfo::id).toList());
    }

    @Test
    public void selectorsCombineAndTheirValuesAreAlternatives() throws Exception {
        Posture p = parse(HEAD + "step type door floor 2F,3F zone L3 do lock\nstep device door.1f.?ain-entrance do lock\n").get("p");
        List<DeviceInfo> devices = DemoBuilding.devices();
        assertEquals(List.of("door.2f.server-room", "door.3f.records-room"),
                p.steps().get(0).selection().select(devices).stream().map(DeviceInfo::id).toList());
        assertEquals(List.of("door.1f.main-entrance"),
                p.steps().get(1).selection().select(devices).stream().map(DeviceInfo::id).toList());
    }

    @Test
    public void aDeviceThatDoesNotExistIsRefusedWithItsLineAndTheNearestIds() {
        refused(HEAD + "step device shutter.1f.counter-9 do close\n", 2, "no device 'shutter.1f.counter-9'",
                "did you mean shutter.1f.counter-1", "yakata:device-list");
        refused(HEAD + "step device shutter.9f.* do close\n", 2, "matches no device");
    }

    @Test
    public void aProfileThatDoesNotExistIsRefused() {
        refused(HEAD + "step profile shuter do close\n", 2, "no profile 'shuter'", "yakata:profile-list");
    }

    @Test
    public void anActionTheProfileLacksIsRefusedNamingTheProfilesActions() {
        refused(HEAD + "step profile door do open\n", 2, "(profile door) has no action 'open'", "its actions are unlock, lock");
        refused(HEAD + "step device hvac.2f.server-room do setback\n", 2, "has no action 'setback'", "write a point instead");
        refused(HEAD + "step zone L1 do close\n", 2, "has no action 'close'");
    }

    @Test
    public void argumentsAreCheckedAgainstTheProfile() {
        refused(HEAD + "step device access do lockdown\n", 2, "lockdown needs argument state", "add state=<value>");
        refused(HEAD + "step device access do lockdown state=maybe\n", 2, "state=maybe", "one of on, off");
        refused(HEAD + "step profile door do unlock seconds=9000\n", 2, "out of range");
        refused(HEAD + "step profile door do unlock for=5\n", 2, "unlock has no argument 'for'", "seconds");
    }

    @Test
    public void aWriteNeedsAWritablePointAndAValueOfItsKind() {
        refused(HEAD + "step device hvac.2f.server-room write supply-temp 20\n", 2, "read-only");
        refused(HEAD + "step device hvac.2f.server-room write setpiont 20\n", 2, "no point 'setpiont'", "setpoint");
        refused(HEAD + "step device hvac.2f.server-room write setpoint warm\n", 2, "not a analog value", "a number");
    }

    @Test
    public void theFilesShapeIsCheckedLineByLine() {
        refused("step profile door do lock\n", 1, "a step before any posture");
        refused("posture p title \"テスト\"\nstep profile door do lock\n", 1, "needs both titles");
        refused(HEAD + "\n# nothing\n", 1, "posture p has no step");
        refused(HEAD + "step profile door do lock\n" + HEAD + "step profile door do lock\n", 3, "defined twice", "line 1");
        refused(HEAD + "step do lock\n", 2, "selects devices first");
        refused(HEAD + "step profile door lock\n", 2, "'lock' is neither a selector nor do/write");
        refused(HEAD + "step profile door do lock reason=\"unclosed\n", 2, "quote is not closed");
        refused(HEAD + "stpe profile door do lock\n", 2, "'stpe' starts no line");
        refused(HEAD + "step zone L9 profile door do lock\n", 2, "selects no device now");
        refused("posture Closing title \"a\" title-en \"b\"\n", 1, "not a posture name");
    }
}
