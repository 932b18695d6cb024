package dev.yakata.access.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.Test;

/** The settings from etc/dev.yakata.access.cfg: Karaf's folders expanded, defaults, and refusals that name the key. */
public class AccessSettingsTest {

    private static final Map<String, String> KARAF = Map.of("karaf.etc", "/opt/yakata/etc", "karaf.data",
            "/opt/yakata/data");

    /** The configuration with its defaults, or other values where given. */
    static AccessOptions options(long pollMillis, String timeZone) {
        return new AccessOptions() {
            @Override public Class<? extends Annotation> annotationType() { return AccessOptions.class; }
            @Override public String configDir() { return AccessSettings.DEFAULT_CONFIG_DIR; }
            @Override public long pollMillis() { return pollMillis; }
            @Override public int escortSeconds() { return 30; }
            @Override public int lateSwipeSeconds() { return 10; }
            @Override public int clockSkewSeconds() { return 60; }
            @Override public String timeZone() { return timeZone; }
            @Override public String stateDir() { return AccessSettings.DEFAULT_STATE_DIR; }
            @Override public String exportFolder() { return ""; }
        };
    }

    @Test
    public void theDefaultsLiveInKarafsFoldersInTheJvmsZone() {
        AccessSettings settings = AccessSettings.from(options(250, ""), KARAF::get);
        assertEquals(Path.of("/opt/yakata/etc/access"), settings.configDir());
        assertEquals(Path.of("/opt/yakata/data/yakata/access/card-states.properties"), settings.cardStateFile());
        assertEquals(Path.of("/opt/yakata/data/yakata/exports"), settings.exportFolder());
        assertEquals(ZoneId.systemDefault(), settings.zone());
        assertEquals(Duration.ofSeconds(30), settings.engineSettings().escortWindow());
        assertEquals(100_000, settings.engineSettings().replayMemory());
    }

    @Test
    public void aNamedZoneIsUsed() {
        assertEquals(ZoneId.of("Asia/Tokyo"), AccessSettings.from(options(250, "Asia/Tokyo"), KARAF::get).zone());
    }

    @Test
    public void aPollSlowerThanASecondOrAnUnknownZoneIsRefusedNamingTheKey() {
        IllegalArgumentException slow = assertThrows(IllegalArgumentException.class,
                () -> AccessSettings.from(options(5000, ""), KARAF::get));
        assertTrue(slow.getMessage(), slow.getMessage().startsWith("pollMillis = \"5000\" in etc/dev.yakata.access.cfg"));
        IllegalArgumentException zone = assertThrows(IllegalArgumentException.class,
                () -> AccessSettings.from(options(250, "Mars/Olympus"), KARAF::get));
        assertTrue(zone.getMessage(), zone.getMessage().startsWith("timeZone = \"Mars/Olympus\""));
    }
}
