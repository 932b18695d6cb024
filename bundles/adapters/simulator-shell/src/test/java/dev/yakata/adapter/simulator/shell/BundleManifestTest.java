package dev.yakata.adapter.simulator.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.testkit.BundleManifest;
import java.util.List;
import org.junit.Test;

/**
 * The shell bundle stands on two things only: the simulator's fault-injection package and the Karaf shell's API. It
 * exports nothing, and the shell finds its command by its Karaf-Commands header; the feature installs it only where
 * the shell is.
 */
public class BundleManifestTest {

    private static final BundleManifest MANIFEST = BundleManifest.ofThisModule();

    @Test
    public void itImportsOnlyTheSimulatorsFaultsPackageAndTheShellApiAndExportsNothing() throws Exception {
        String imports = MANIFEST.header("Import-Package");
        List<String> names = MANIFEST.importedPackages();
        assertTrue(imports, names.contains("dev.yakata.adapter.simulator.faults"));
        assertTrue(imports, names.stream().allMatch(n -> n.equals("dev.yakata.adapter.simulator.faults")
                || n.startsWith("org.apache.karaf.shell.api.")));
        assertNull(MANIFEST.header("Export-Package"));
        assertEquals("dev.yakata.adapter.simulator.shell", MANIFEST.header("Karaf-Commands"));
    }
}
