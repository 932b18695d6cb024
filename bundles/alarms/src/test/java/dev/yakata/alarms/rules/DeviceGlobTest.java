package dev.yakata.alarms.rules;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The device globs of the alarm files ({@code from power.*}), matched without regular expressions. */
public class DeviceGlobTest {

    @Test
    public void anEmptyGlobOrAStarMatchesEveryDevice() {
        assertTrue(Condition.matches("", "door.bench.1"));
        assertTrue(Condition.matches("*", "door.bench.1"));
        assertTrue(Condition.matches("*", ""));
    }

    @Test
    public void aGlobWithoutAStarIsTheExactId() {
        assertTrue(Condition.matches("power.main", "power.main"));
        assertFalse(Condition.matches("power.main", "power.main2"));
        assertFalse(Condition.matches("power.main", "power.mai"));
    }

    @Test
    public void aStarIsAnyRunOfCharactersAnywhere() {
        assertTrue(Condition.matches("power.*", "power.main"));
        assertTrue(Condition.matches("power.*", "power."));
        assertFalse(Condition.matches("power.*", "power"));
        assertFalse(Condition.matches("power.*", "xpower.main"));
        assertTrue(Condition.matches("*.main", "power.main"));
        assertFalse(Condition.matches("*.main", "power.main.backup"));
        assertTrue(Condition.matches("door.*.lobby*", "door.1f.lobby-east"));
        assertTrue(Condition.matches("a*b*c", "abbbbc"));
        assertTrue(Condition.matches("a*b*c", "aXbYbZc"));
        assertFalse(Condition.matches("a*b*c", "aXbYcZ"));
        assertTrue(Condition.matches("a**c", "ac"));
    }

    @Test
    public void charactersThatMeanSomethingInARegularExpressionAreThemselves() {
        assertTrue(Condition.matches("hvac.(1)*", "hvac.(1)-fan"));
        assertFalse(Condition.matches("hvac.[12]*", "hvac.1-fan"));
        assertFalse(Condition.matches("a.c*", "abc"));
    }
}
