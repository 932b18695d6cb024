package dev.yakata.adapter.onvif.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.testkit.BundleManifest;
import org.junit.Test;

/** Installing the camera adapter wires it to the API, OSGi and SLF4J only, and it exports only its snapshot service. */
public class BundleManifestTest {

    @Test
    public void importsOnlyTheApiOsgiAndLoggingAndExportsOnlyTheSnapshotPackage() throws Exception {
        BundleManifest manifest = BundleManifest.ofThisModule();
        for (String imported : manifest.importedPackages()) {
            assertTrue(imported, imported.startsWith("dev.yakata.api") || imported.startsWith("dev.yakata.adapter.onvif.snapshot") || imported.startsWith("org.slf4j")
                    || imported.startsWith("org.osgi.") || imported.startsWith("javax.xml") || imported.startsWith("javax.imageio")
                    || imported.startsWith("org.w3c.dom") || imported.startsWith("org.xml.sax"));
        }
        String exported = manifest.header("Export-Package");
        assertTrue(exported, exported.startsWith("dev.yakata.adapter.onvif.snapshot;"));
        assertEquals("one exported package: " + exported, 1, exported.split(",(?=[a-z])").length);
    }
}
