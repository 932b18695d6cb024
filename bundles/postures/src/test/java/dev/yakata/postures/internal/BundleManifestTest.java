package dev.yakata.postures.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.testkit.BundleManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/**
 * The postures bundle exports nothing and imports only APIs: it needs nothing of the shutters' or the alarms' bundles,
 * nor of the core's internals (the tests' real core is on the test class path only).
 */
public class BundleManifestTest {

    private static final BundleManifest MANIFEST = BundleManifest.ofThisModule();
    private static final List<String> ALLOWED = List.of("dev.yakata.api.", "dev.yakata.bus.api",
            "dev.yakata.core.api", "org.slf4j", "org.osgi.framework", "java.");

    @Test
    public void itExportsNothingAndImportsOnlyApis() {
        assertNull(MANIFEST.header("Export-Package"));
        String imports = MANIFEST.header("Import-Package");
        assertFalse(imports, imports.contains("optional"));
        for (String name : MANIFEST.importedPackages()) {
            assertTrue("unexpected import " + name, ALLOWED.stream().anyMatch(name::startsWith));
        }
        assertTrue(imports, imports.contains("dev.yakata.core.api;version=\"[1.2,2)\""));
    }

    @Test
    public void theComponentHasItsConfigurationPidAndItsOptions() throws Exception {
        String xml = Files.readString(Path.of("target/classes/OSGI-INF/dev.yakata.postures.internal.PosturesComponent.xml"));
        assertTrue(xml, xml.contains("configuration-pid=\"dev.yakata.postures\""));
        assertTrue(xml, xml.contains("immediate=\"true\""));
        assertTrue(Files.exists(Path.of("target/classes/OSGI-INF/metatype/dev.yakata.postures.internal.PosturesOptions.xml")));
    }
}
