package dev.yakata.store.api;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import org.junit.Test;

/** The query's chain: the audit chain unless one is chosen, and the 0.2 constructor still meaning the audit chain. */
public class AuditQueryTest {

    private static final Instant FROM = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant TO = FROM.plusSeconds(60);

    @Test
    public void aQueryIsOfTheAuditChainUnlessAnotherIsChosen() {
        assertEquals("audit", AuditQuery.between(FROM, TO).chain());
        assertEquals("audit", new AuditQuery(FROM, TO, "tanaka", "", "", "", 10, "").chain());
        assertEquals("audit", new AuditQuery(FROM, TO, "", "", "", "", 10, "", null).chain());
        assertEquals("audit", AuditQuery.between(FROM, TO).withChain(" ").chain());
        assertEquals(EventStore.ACCESS_CHAIN, AuditQuery.between(FROM, TO).withChain("access").chain());
    }

    @Test
    public void everyCopyKeepsTheChainAndWithChainKeepsEverythingElse() {
        AuditQuery q = AuditQuery.between(FROM, TO).withChain("access").withUser("P0107").withChannel("card")
                .withDevice("door.2f.server-room").withKind("access.").withLimit(7).withNext("token");
        assertEquals(new AuditQuery(FROM, TO, "P0107", "card", "door.2f.server-room", "access.", 7, "token", "access"),
                q);
        assertEquals(new AuditQuery(FROM, TO, "P0107", "card", "door.2f.server-room", "access.", 7, "token"),
                q.withChain("audit"));
    }
}
