package dev.yakata.audit.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.testkit.BundleManifest;
import java.util.List;
import org.junit.Test;

/**
 * The audit bundle exports nothing and carries its own copy of the secret-key rule (the core has another copy of the
 * same class), so updating one never refreshes the other. It needs EventAdmin's and ConfigAdmin's APIs, which the
 * feature brings.
 */
public class BundleManifestTest {

    private static final BundleManifest MANIFEST = BundleManifest.ofThisModule();

    @Test
    public void itCopiesTheSecretRuleInsteadOfImportingItAndExportsNothing() throws Exception {
        String imports = MANIFEST.header("Import-Package");
        List<String> names = MANIFEST.importedPackages();
        assertFalse(imports, names.stream().anyMatch(n -> n.startsWith("dev.yakata.util")));
        assertTrue(MANIFEST.header("Private-Package"), MANIFEST.header("Private-Package").contains("dev.yakata.util.secret"));
        assertTrue(imports, names.contains("org.osgi.service.event"));
        assertTrue(imports, names.contains("org.osgi.service.cm"));
        assertFalse("no optional import that could refresh the bundle later: " + imports, imports.contains("optional"));
        assertNull(MANIFEST.header("Export-Package"));
    }
}
