package dev.yakata.opcua.server;

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
 * The manifest bnd generated (process-classes, before the tests): the server stands alone. It carries its own Milo
 * and the shared OPC UA code, needs neither the client adapter nor the shell, and takes from outside only the JDK,
 * OSGi, SLF4J, yakata-api and the core's service API (DeviceRegistry, Issuers).
 */
public class BundleManifestTest {

    private static final List<String> ALLOWED_IMPORTS = List.of("dev.yakata.api.", "dev.yakata.core.api",
            "org.slf4j", "org.osgi.framework", "javax.", "org.ietf.jgss", "org.w3c.dom", "org.xml.sax", "sun.misc");

    private static final BundleManifest MANIFEST = BundleManifest.ofThisModule();

    @Test
    public void theBundleExportsOnlyItsTrustPackage() throws Exception {
        assertEquals("dev.yakata.opcua.server.trust;version=\"1.0.0\"",
                MANIFEST.header("Export-Package"));
        assertEquals("dev.yakata.opcua.server", MANIFEST.header("Bundle-SymbolicName"));
    }

    @Test
    public void everyImportIsTheJdkOsgiSlf4jYakataApiOrTheCoresApiAndNoneIsOptional() throws Exception {
        String imports = MANIFEST.header("Import-Package");
        assertFalse(imports, imports.contains("resolution:=optional"));
        List<String> unexpected = new ArrayList<>();
        for (String name : MANIFEST.importedPackages()) {
            if (ALLOWED_IMPORTS.stream().noneMatch(name::startsWith)) {
                unexpected.add(name);
            }
        }
        assertTrue("unexpected imports " + unexpected, unexpected.isEmpty());
        assertTrue(imports, imports.contains("dev.yakata.core.api;version=\"[1.0,2)\""));
        assertFalse("no import of the client adapter", imports.contains("dev.yakata.adapter"));
    }

    @Test
    public void miloServerNettyAndBouncyCastleAreEmbeddedAndTheSharedCodeIsInside() throws Exception {
        String classPath = MANIFEST.header("Bundle-ClassPath");
        for (String jar : List.of("milo-sdk-server", "milo-stack-core", "netty-handler", "bcprov-jdk18on",
                "bcpkix-jdk18on", "bcutil-jdk18on")) {
            assertTrue(jar + " in " + classPath, classPath.contains("lib/" + jar));
        }
        assertFalse(classPath, classPath.contains("milo-sdk-client"));
        assertFalse(classPath, classPath.contains("yakata-opcua-common"));
        assertNull(MANIFEST.header("Karaf-Commands"));
        assertTrue(Files.exists(Path.of("target/classes/dev/yakata/opcua/common/pki/Pki.class")));
    }
}
