package dev.yakata.alarms.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.Test;

/** The engine's settings: defaults, ${karaf.etc}, and a value nobody meant refused with the key and what to write. */
public class AlarmSettingsTest {

    private static AlarmOptions options(String timeZone, long pollMillis, int maxShelveMinutes) {
        return new AlarmOptions() {
            public String configDir() { return AlarmSettings.DEFAULT_CONFIG_DIR; }
            public long pollMillis() { return pollMillis; }
            public long tickMillis() { return AlarmSettings.DEFAULT_TICK_MILLIS; }
            public String timeZone() { return timeZone; }
            public int historyDays() { return AlarmSettings.DEFAULT_HISTORY_DAYS; }
            public int maxShelveMinutes() { return maxShelveMinutes; }
            public int storeWaitSeconds() { return AlarmSettings.DEFAULT_STORE_WAIT_SECONDS; }
            public Class<? extends Annotation> annotationType() { return AlarmOptions.class; }
        };
    }

    @Test
    public void theDefaultsReadTheFilesFromKarafsEtcAndShelveAtMostEightHours() {
        AlarmSettings s = AlarmSettings.from(options("Asia/Tokyo", 250, 480), key -> key.equals("karaf.etc") ? "/opt/yakata/etc" : null);
        assertEquals(Path.of("/opt/yakata/etc/alarms"), s.configDir());
        assertEquals(ZoneId.of("Asia/Tokyo"), s.zone());
        assertEquals(Duration.ofHours(8), s.maxShelve());
    }

    @Test
    public void aValueOutOfRangeOrAnUnknownZoneIsRefusedWithTheKey() {
        String poll = assertThrows(IllegalArgumentException.class,
                () -> AlarmSettings.from(options("", 5000, 480), k -> null)).getMessage();
        assertTrue(poll, poll.startsWith("pollMillis = \"5000\" in etc/dev.yakata.alarms.cfg cannot be used: write a whole number from 50 to 1000"));
        String zone = assertThrows(IllegalArgumentException.class,
                () -> AlarmSettings.from(options("Tokyo", 250, 480), k -> null)).getMessage();
        assertTrue(zone, zone.contains("timeZone = \"Tokyo\""));
        String shelve = assertThrows(IllegalArgumentException.class,
                () -> AlarmSettings.from(options("", 250, 0), k -> null)).getMessage();
        assertTrue(shelve, shelve.startsWith("maxShelveMinutes"));
    }
}
