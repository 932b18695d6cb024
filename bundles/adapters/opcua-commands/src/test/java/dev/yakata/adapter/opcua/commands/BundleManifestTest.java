package dev.yakata.adapter.opcua.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.testkit.BundleManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/**
 * The commands bundle is small and stands on two things only: the service package of the bundle it serves and the
 * Karaf shell's API. It exports nothing, carries no Milo, and the shell finds its commands by its Karaf-Commands
 * header; the feature installs it only where the shell is.
 */
public class BundleManifestTest {

    private static final BundleManifest MANIFEST = BundleManifest.ofThisModule();

    @Test
    public void itImportsOnlyTheServedBundlesServicePackageAndTheShellApiAndExportsNothing() throws Exception {
        String imports = MANIFEST.header("Import-Package");
        List<String> names = MANIFEST.importedPackages();
        assertTrue(imports, names.contains("dev.yakata.adapter.opcua.tools"));
        assertTrue(imports, names.stream().allMatch(n -> n.equals("dev.yakata.adapter.opcua.tools")
                || n.startsWith("org.apache.karaf.shell.api.")));
        assertNull(MANIFEST.header("Export-Package"));
        assertEquals("dev.yakata.adapter.opcua.commands", MANIFEST.header("Karaf-Commands"));
    }

    @Test
    public void theCertificateTextComesInPrivatelyAndNoMiloDoes() throws Exception {
        assertTrue(Files.exists(Path.of("target/classes/dev/yakata/opcua/common/certificates/CertificateEntry.class")));
        assertTrue(Files.notExists(Path.of("target/classes/dev/yakata/opcua/common/pki")));
        assertNull(MANIFEST.header("Bundle-ClassPath"));
    }
}
