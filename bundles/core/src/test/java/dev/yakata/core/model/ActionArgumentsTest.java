package dev.yakata.core.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.profile.ActionSpec;
import java.util.Map;
import org.junit.Test;

public class ActionArgumentsTest {

    private final ActionSpec unlock = StandardProfiles.named("door").orElseThrow().action("unlock").orElseThrow();

    @Test
    public void aMissingArgumentGetsItsDefault() {
        ActionArguments.Checked checked = ActionArguments.check(unlock, Map.of(), "door.a");
        assertEquals(Map.of("seconds", 5L), checked.arguments());
    }

    @Test
    public void textFromTheShellIsConvertedToTheArgumentsType() {
        assertEquals(Map.of("seconds", 3L), ActionArguments.check(unlock, Map.of("seconds", "3"), "door.a").arguments());
        assertEquals(Map.of("seconds", 3L), ActionArguments.check(unlock, Map.of("seconds", 3), "door.a").arguments());
    }

    @Test
    public void aMistypedArgumentIsRefusedNamingItAndWhatItTakes() {
        ActionArguments.Checked checked = ActionArguments.check(unlock, Map.of("seconds", "five"), "door.a");
        assertNull(checked.arguments());
        assertEquals("door.a unlock: seconds=five is not a whole number; give seconds (a whole number from 1 to 600 s, default 5),"
                + " e.g. seconds=5", checked.problem());
        assertTrue(ActionArguments.check(unlock, Map.of("seconds", 2.5), "door.a").problem().contains("seconds=2.5 is not a whole number"));
    }

    @Test
    public void anOutOfRangeArgumentIsRefused() {
        assertEquals("door.a unlock: seconds=601 is out of range; give seconds (a whole number from 1 to 600 s, default 5)",
                ActionArguments.check(unlock, Map.of("seconds", 601), "door.a").problem());
        assertTrue(ActionArguments.check(unlock, Map.of("seconds", "0"), "door.a").problem().contains("out of range"));
    }

    @Test
    public void anUnknownArgumentIsRefusedListingTheKnownOnes() {
        assertEquals("door.a unlock has no argument 'secs'; its arguments are seconds (a whole number from 1 to 600 s, default 5)",
                ActionArguments.check(unlock, Map.of("secs", 3), "door.a").problem());
        ActionSpec lock = StandardProfiles.named("door").orElseThrow().action("lock").orElseThrow();
        assertEquals("door.a lock has no argument 'seconds'; it takes none",
                ActionArguments.check(lock, Map.of("seconds", 3), "door.a").problem());
    }
}
