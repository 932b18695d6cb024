package dev.yakata.adapter.simulator.shell;

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
 * The shell bundle stands on two things only: the simulator's fault-injection package and the Karaf shell's API. It
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
    public void itImportsOnlyTheSimulatorsFaultsPackageAndTheShellApiAndExportsNothing() throws Exception {
        String imports = manifest().getMainAttributes().getValue("Import-Package");
        List<String> names = Arrays.stream(imports.split(",(?=[a-z])")).map(c -> c.split(";")[0].trim()).toList();
        assertTrue(imports, names.contains("dev.yakata.adapter.simulator.faults"));
        assertTrue(imports, names.stream().allMatch(n -> n.equals("dev.yakata.adapter.simulator.faults")
                || n.startsWith("org.apache.karaf.shell.api.")));
        assertNull(manifest().getMainAttributes().getValue("Export-Package"));
        assertEquals("dev.yakata.adapter.simulator.shell", manifest().getMainAttributes().getValue("Karaf-Commands"));
    }
}
