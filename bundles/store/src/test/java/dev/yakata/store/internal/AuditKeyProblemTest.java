package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.ChainReport;
import dev.yakata.store.api.StoreStatus;
import java.nio.file.Files;
import java.time.Instant;
import org.junit.Test;

/** A key file the store cannot use: it keeps storing, says what is wrong and how to fix it, and verify says so. */
public class AuditKeyProblemTest extends StoreTestOnBothDatabases {

    public AuditKeyProblemTest(String kind) {
        super(kind, "keys");
    }

    @Test
    public void aMissingSigningKeyBesideItsPublicKeyIsAStatusNamingTheFileWhileEventsAreStillStored() throws Exception {
        Files.createDirectories(store.chainSettings.publicKey().getParent());
        Files.writeString(store.chainSettings.publicKey(), "not a key\n");
        store.start(db.dataSource);
        Instant t = Instant.parse("2026-11-30T09:00:00Z");
        store.append(Event.builder("login.refused", "hub").time(t).put("user", "mallory").put("channel", "REST")
                .put("reason", "wrong password").build());
        store.awaitCaughtUp(30_000);

        assertEquals(1, store.engine.audit(AuditQuery.between(t, t.plusSeconds(1))).items().size());
        StoreStatus status = store.engine.status();
        assertTrue(status.toString(), status.connected());
        String why = status.auditProblem();
        assertTrue("the problem names the missing signing key: " + why,
                why.contains(store.chainSettings.signingKey().toString()));
        assertTrue("the problem says how to fix it: " + why, why.contains("Restore"));
        assertTrue(why, why.contains("no audit checkpoint is signed"));

        ChainReport r = store.engine.verify("audit");
        assertNull(r.summary(), r.lastCheckpointTime());
        assertEquals(1, r.recordsChecked());
        assertTrue("a chain no checkpoint covers is reported, not silently OK: " + r.message(),
                r.message().contains("no signed checkpoint vouches"));
    }
}
