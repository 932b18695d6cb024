package dev.yakata.adapter.bacnet.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Manifest;
import org.junit.Test;

/**
 * The shell bundle stands on two things only: the BACnet adapter's discovery package and the Karaf shell's API. It
 * exports nothing, and the shell finds its command by its Karaf-Commands header; the feature installs it only where
 * the shell is.
 */
public class BundleManifestTest {

    private static Manifest manifest() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/MANIFEST.MF"))) {
            return new Manifest(in);
        }
    }

    @Test
    public void itImportsOnlyTheAdaptersDiscoveryPackageAndTheShellApiAndExportsNothing() throws Exception {
        String imports = manifest().getMainAttributes().getValue("Import-Package");
        List<String> names = Arrays.stream(imports.split(",(?=[a-z])")).map(c -> c.split(";")[0].trim()).toList();
        assertTrue(imports, names.contains("dev.yakata.adapter.bacnet.discovery"));
        assertTrue(imports, names.stream().allMatch(n -> n.equals("dev.yakata.adapter.bacnet.discovery")
                || n.startsWith("org.apache.karaf.shell.api.")));
        assertNull(manifest().getMainAttributes().getValue("Export-Package"));
        assertEquals("dev.yakata.adapter.bacnet.shell", manifest().getMainAttributes().getValue("Karaf-Commands"));
    }
}
