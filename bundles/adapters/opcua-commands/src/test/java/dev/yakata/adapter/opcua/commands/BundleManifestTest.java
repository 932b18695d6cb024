package dev.yakata.adapter.opcua.commands;

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
 * The commands bundle is small and stands on two things only: the service package of the bundle it serves and the
 * Karaf shell's API. It exports nothing, carries no Milo, and the shell finds its commands by its Karaf-Commands
 * header; the feature installs it only where the shell is.
 */
public class BundleManifestTest {

    private static Manifest manifest() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/MANIFEST.MF"))) {
            return new Manifest(in);
        }
    }

    @Test
    public void itImportsOnlyTheServedBundlesServicePackageAndTheShellApiAndExportsNothing() throws Exception {
        String imports = manifest().getMainAttributes().getValue("Import-Package");
        List<String> names = Arrays.stream(imports.split(",(?=[a-z])")).map(c -> c.split(";")[0].trim()).toList();
        assertTrue(imports, names.contains("dev.yakata.adapter.opcua.tools"));
        assertTrue(imports, names.stream().allMatch(n -> n.equals("dev.yakata.adapter.opcua.tools")
                || n.startsWith("org.apache.karaf.shell.api.")));
        assertNull(manifest().getMainAttributes().getValue("Export-Package"));
        assertEquals("dev.yakata.adapter.opcua.commands", manifest().getMainAttributes().getValue("Karaf-Commands"));
    }

    @Test
    public void theCertificateTextComesInPrivatelyAndNoMiloDoes() throws Exception {
        assertTrue(Files.exists(Path.of("target/classes/dev/yakata/opcua/common/certificates/CertificateEntry.class")));
        assertTrue(Files.notExists(Path.of("target/classes/dev/yakata/opcua/common/pki")));
        assertNull(manifest().getMainAttributes().getValue("Bundle-ClassPath"));
    }
}
