package dev.yakata.adapter.opcua;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.testkit.BundleManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * The manifest bnd generated (process-classes, before the tests): Milo, its libraries and the shared OPC UA code
 * stay private, the bundle exports only the tools package its shell commands use, and it needs nothing a plain
 * Karaf 4.4.8 with yakata-api lacks: not even the shell, whose commands live in yakata-adapter-opcua-commands.
 */
public class BundleManifestTest {

    private static final List<String> ALLOWED_IMPORTS = List.of("dev.yakata.api.", "org.slf4j", "org.osgi.framework",
            "javax.", "org.ietf.jgss", "org.w3c.dom", "org.xml.sax", "sun.misc");

    private static final BundleManifest MANIFEST = BundleManifest.ofThisModule();

    @Test
    public void theBundleExportsOnlyItsToolsPackage() throws Exception {
        assertEquals("dev.yakata.adapter.opcua.tools;version=\"1.0.0\"",
                MANIFEST.header("Export-Package"));
        assertEquals("dev.yakata.adapter.opcua", MANIFEST.header("Bundle-SymbolicName"));
    }

    @Test
    public void everyImportIsTheJdkOsgiSlf4jOrYakataApiAndNoneIsOptional() throws Exception {
        String imports = MANIFEST.header("Import-Package");
        assertFalse(imports, imports.contains("resolution:=optional"));
        List<String> unexpected = new ArrayList<>();
        for (String name : MANIFEST.importedPackages()) {
            if (ALLOWED_IMPORTS.stream().noneMatch(name::startsWith)) {
                unexpected.add(name);
            }
        }
        assertTrue("unexpected imports " + unexpected, unexpected.isEmpty());
        assertTrue(imports, imports.contains("dev.yakata.api.adapter;version=\"[1.0,2)\""));
    }

    @Test
    public void miloNettyAndBouncyCastleAreEmbeddedOnTheBundleClassPath() throws Exception {
        String classPath = MANIFEST.header("Bundle-ClassPath");
        for (String jar : List.of("milo-sdk-client", "milo-stack-core", "netty-handler",
                "bcprov-jdk18on", "bcpkix-jdk18on", "bcutil-jdk18on")) {
            assertTrue(jar + " in " + classPath, classPath.contains("lib/" + jar));
        }
        // the server's SDK belongs to the server bundle, the shared code is copied in, not embedded as a jar
        assertFalse(classPath, classPath.contains("milo-sdk-server"));
        assertFalse(classPath, classPath.contains("yakata-opcua-common"));
        assertNull(MANIFEST.header("Karaf-Commands"));
    }

    @Test
    public void theSharedOpcUaCodeIsInsideTheBundle() throws Exception {
        for (String type : List.of("dev/yakata/opcua/common/pki/Pki.class", "dev/yakata/opcua/common/Values.class",
                "dev/yakata/opcua/common/MiloResources.class",
                "dev/yakata/opcua/common/certificates/CertificateEntry.class")) {
            assertTrue(type, Files.exists(Path.of("target/classes").resolve(type)));
        }
    }
}
