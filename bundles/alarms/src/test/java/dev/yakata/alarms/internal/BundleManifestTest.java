package dev.yakata.alarms.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.testkit.BundleManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/**
 * The alarms bundle exports nothing, imports only APIs (nothing optional that could refresh it later, none of the
 * store's implementation its tests use), and its component takes the event store as an optional, dynamic reference.
 */
public class BundleManifestTest {

    private static final BundleManifest MANIFEST = BundleManifest.ofThisModule();
    private static final List<String> ALLOWED = List.of("dev.yakata.api.", "dev.yakata.bus.api",
            "dev.yakata.core.api", "dev.yakata.store.api", "org.slf4j", "org.osgi.framework", "java.");

    @Test
    public void itExportsNothingAndImportsOnlyApis() {
        assertNull(MANIFEST.header("Export-Package"));
        String imports = MANIFEST.header("Import-Package");
        assertFalse(imports, imports.contains("optional"));
        for (String name : MANIFEST.importedPackages()) {
            assertTrue("unexpected import " + name, ALLOWED.stream().anyMatch(name::startsWith));
        }
    }

    @Test
    public void theComponentHasItsConfigurationPidAndAnOptionalDynamicStore() throws Exception {
        String xml = Files.readString(Path.of("target/classes/OSGI-INF/dev.yakata.alarms.internal.AlarmsComponent.xml"));
        assertTrue(xml, xml.contains("configuration-pid=\"dev.yakata.alarms\""));
        assertTrue(xml, xml.contains("immediate=\"true\""));
        assertTrue(xml, xml.matches("(?s).*<reference name=\"store\" cardinality=\"0..1\" policy=\"dynamic\""
                + " interface=\"dev.yakata.store.api.EventStore\".*"));
        assertTrue(Files.exists(Path.of("target/classes/OSGI-INF/metatype/dev.yakata.alarms.internal.AlarmOptions.xml")));
    }
}
