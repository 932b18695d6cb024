package dev.yakata.alarms.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointKind;
import java.util.Map;
import org.junit.Test;

/** The snapshot the alarm files' poll compares: cheap when nothing changed, different when a device did. */
public class RegistryCatalogTest {

    private final TestRegistry registry = new TestRegistry()
            .device("ups.3f.closet", "ups", Map.of("on-battery", PointKind.BINARY))
            .device("hvac.2f.server-room", "hvac", Map.of("supply-temp", PointKind.ANALOG));
    private final TestRegistry.Profiles profiles = new TestRegistry.Profiles();

    @Test
    public void twoSnapshotsOfUnchangedDevicesAreTheSame() {
        RegistryCatalog first = RegistryCatalog.of(registry, profiles);
        assertTrue(RegistryCatalog.of(registry, profiles).sameAs(first));
        assertFalse("no snapshot yet is a change", first.sameAs(null));
    }

    @Test
    public void anAddedRemovedOrChangedDeviceIsAChange() {
        RegistryCatalog before = RegistryCatalog.of(registry, profiles);
        registry.device("door.1f.hall", "door", Map.of("contact", PointKind.BINARY));
        RegistryCatalog added = RegistryCatalog.of(registry, profiles);
        assertFalse(added.sameAs(before));

        DeviceDefinition hall = registry.devices.remove(registry.devices.size() - 1);
        assertTrue("removed again: the same as before", RegistryCatalog.of(registry, profiles).sameAs(before));

        registry.devices.add(hall.toBuilder().floor("2F").build());
        assertFalse("a device moved to another floor", RegistryCatalog.of(registry, profiles).sameAs(added));
    }

    @Test
    public void theViewIsBuiltFromTheDefinitionsWhenAsked() {
        RegistryCatalog catalog = RegistryCatalog.of(registry, profiles);
        assertEquals(2, catalog.devices().size());
        assertEquals("ups.3f.closet", catalog.devices().get(0).id());
        assertEquals(Map.of("on-battery", PointKind.BINARY), catalog.devices().get(0).points());
        assertTrue(catalog.profileRoles("door").isPresent());
        assertTrue(catalog.profiles().contains("door"));
    }
}
