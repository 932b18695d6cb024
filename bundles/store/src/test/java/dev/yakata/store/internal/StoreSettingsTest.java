package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Map;
import org.junit.Test;

/** The settings of etc/dev.yakata.store.cfg: defaults, and refusals that name the key and the fix. */
public class StoreSettingsTest {

    /** A typed configuration as DS builds it: each key from {@code values}, else the attribute's default. */
    static StoreConfig config(Map<String, Object> values) {
        return (StoreConfig) Proxy.newProxyInstance(StoreConfig.class.getClassLoader(), new Class<?>[] {StoreConfig.class},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName())
                        : method.getDefaultValue());
    }

    @Test
    public void theDefaultsUseTheYakataDataSourceAndTheExportFolderUnderKarafData() {
        StoreSettings s = StoreSettings.from(config(Map.of()), "/opt/hub/data");
        assertEquals("(dataSourceName=yakata)", s.dataSourceTarget());
        assertEquals("yakata", s.schema());
        assertEquals(Path.of("/opt/hub/data/yakata/exports"), s.exportFolder());
        assertEquals(1000, s.writeBatchSize());
        assertEquals(365, s.retentionControlDays());
        assertEquals(0, s.retentionAuditDays());
        assertEquals(365, s.retentionAccessDays());
        assertEquals(7, s.retentionRawHistoryDays());
        assertEquals(LocalTime.of(3, 30), s.retentionTime());
    }

    @Test
    public void aSchemaNameTheStoreCannotOwnIsRefusedNamingTheKey() {
        for (String bad : new String[] {"Yakata", "1abc", "a-b", "", "x\"; drop"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StoreSettings.from(config(Map.of("schema", bad)), "data"));
            assertTrue(e.getMessage(), e.getMessage().startsWith("schema = "));
            assertTrue(e.getMessage(), e.getMessage().contains("etc/dev.yakata.store.cfg"));
        }
    }

    @Test
    public void outOfRangeNumbersAreRefusedNamingTheKeyAndTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoreSettings.from(config(Map.of("writeBatchSize", 0)), "data"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("writeBatchSize = 0"));
        assertTrue(e.getMessage(), e.getMessage().contains("between 1 and 10000"));
        e = assertThrows(IllegalArgumentException.class,
                () -> StoreSettings.from(config(Map.of("retentionRawHistoryDays", -1)), "data"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("retentionRawHistoryDays = -1"));
        e = assertThrows(IllegalArgumentException.class,
                () -> StoreSettings.from(config(Map.of("retentionAccessDays", -1)), "data"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("retentionAccessDays = -1"));
        assertEquals(0, StoreSettings.from(config(Map.of("retentionAccessDays", 0)), "data").retentionAccessDays());
    }

    @Test
    public void aRetentionTimeThatIsNotHoursAndMinutesIsRefusedWithAnExample() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoreSettings.from(config(Map.of("retentionTime", "3am")), "data"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("retentionTime = \"3am\""));
        assertTrue(e.getMessage(), e.getMessage().contains("HH:mm"));
    }
}
