package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.store.api.AuditEntry;
import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;

/** The operator audit trail projected from control events, and its queries, on H2 and on PostgreSQL. */
public class AuditTrailTest extends StoreTestOnBothDatabases {

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

    public AuditTrailTest(String kind) {
        super(kind, "audit");
    }

    @Before
    public void start() throws Exception {
        store.start(db.dataSource);
    }

    private void command(int i, String user, String channel, String device) throws Exception {
        Instant t = T0.plusSeconds(10L * i);
        String id = "cmd-" + i;
        store.append(Event.builder(EventTypes.POLICY_ALLOWED, device).time(t).subject(id).actor(user)
                .put("command", id).put("action", "unlock").put("user", user).put("roles", List.of("yakata-operator"))
                .put("channel", channel).put("rule", "operators-doors").build());
        store.append(Event.builder(EventTypes.COMMAND_ISSUED, device).time(t.plusMillis(1)).subject(id).actor(user)
                .correlationId(id).put("command", id).put("action", "unlock").put("point", "lock")
                .put("arguments", Map.of("seconds", 5L)).put("user", user).put("channel", channel)
                .put("reason", "delivery").build());
        store.append(Event.builder(EventTypes.COMMAND_COMPLETED, device).time(t.plusMillis(2)).subject(id).actor(user)
                .correlationId(id).put("command", id).put("action", "unlock").put("status", "COMPLETED")
                .put("reason", "").put("user", user).put("channel", channel).build());
        // not an audit fact: stored as an event, not in the trail
        store.append(Event.builder(EventTypes.DOOR_HELD_OPEN, device).time(t.plusMillis(3)).build());
    }

    @Test
    public void commandsDecisionsLoginsAndConfigurationChangesEnterTheTrailInOrderNumberedWithoutGaps() throws Exception {
        command(0, "tanaka", "SHELL", "door.1f.lobby");
        store.append(Event.builder("login.refused", "hub").time(T0.plusSeconds(1)).put("user", "mallory")
                .put("channel", "REST").put("reason", "wrong password").put("remote", "127.0.0.1").build());
        store.append(Event.builder(EventTypes.POLICY_REFUSED, "door.2f.server-room").time(T0.plusSeconds(2))
                .actor("suzuki").put("command", "cmd-x").put("action", "unlock").put("user", "suzuki")
                .put("channel", "MQTT").put("rule", "").put("reason", "no rule allows unlock for yakata-viewer").build());
        store.append(Event.builder("config.changed", "hub").time(T0.plusSeconds(3)).actor("admin")
                .put("pid", "dev.yakata.store").put("change", "updated").put("user", "admin").put("channel", "SHELL")
                .put("keys", List.of("retentionControlDays")).build());
        store.append(Event.builder("shell.executed", "hub").time(T0.plusSeconds(4)).put("user", "admin")
                .put("channel", "SSH").put("address", "127.0.0.1").put("command", "config:property-set password ******")
                .put("outcome", "failed").put("error", "no such PID").build());
        store.awaitCaughtUp(10_000);

        List<AuditEntry> trail = store.engine.audit(AuditQuery.between(T0, T0.plusSeconds(60))).items();
        assertEquals(7, trail.size());
        for (int i = 0; i < trail.size(); i++) {
            assertEquals(Chains.AUDIT, trail.get(i).chain());
        }
        List<Long> sequences = new ArrayList<>();
        trail.forEach(a -> sequences.add(a.sequence()));
        sequences.sort(null);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), sequences);

        AuditEntry issued = trail.get(1);
        assertEquals(EventTypes.COMMAND_ISSUED, issued.kind());
        assertEquals("tanaka", issued.user());
        assertEquals("SHELL", issued.channel());
        assertEquals("door.1f.lobby", issued.device());
        assertEquals("unlock", issued.action());
        assertEquals(Map.of("seconds", 5L), issued.arguments());
        assertEquals("issued", issued.outcome());
        assertEquals("delivery", issued.reason());
        assertEquals("cmd-0", issued.correlationId());
        for (int i = 0; i < trail.size(); i++) { // chained: each record carries its predecessor's hash
            assertTrue("record " + trail.get(i).sequence() + " has no SHA-256: " + trail.get(i).hash(),
                    trail.get(i).hash().matches("[0-9a-f]{64}"));
            assertEquals("record " + trail.get(i).sequence() + " is not chained to the one before it",
                    i == 0 ? "0".repeat(64) : trail.get(i - 1).hash(), trail.get(i).previousHash());
        }

        assertEquals("COMPLETED", trail.get(2).outcome());
        AuditEntry refusedLogin = trail.get(3);
        assertEquals("login.refused", refusedLogin.kind());
        assertEquals("mallory", refusedLogin.user());
        assertEquals("a log-in is about no device", "", refusedLogin.device());
        assertEquals("refused", refusedLogin.outcome());
        assertEquals("wrong password", refusedLogin.reason());
        assertEquals("127.0.0.1", refusedLogin.arguments().get("remote"));
        AuditEntry refused = trail.get(4);
        assertEquals("refused", refused.outcome());
        assertEquals("no rule allows unlock for yakata-viewer", refused.reason());
        AuditEntry config = trail.get(5);
        assertEquals("dev.yakata.store", config.device());
        assertEquals("updated", config.outcome());
        assertEquals(List.of("retentionControlDays"), config.arguments().get("keys"));
        AuditEntry shell = trail.get(6);
        assertEquals("admin", shell.user());
        assertEquals("SSH", shell.channel());
        assertEquals("config:property-set password ******", shell.action());
        assertEquals("failed", shell.outcome());
        assertEquals("no such PID", shell.reason());
        assertEquals("127.0.0.1", shell.arguments().get("address"));
    }

    @Test
    public void everyAuditFilterSelectsItsEntries() throws Exception {
        for (int i = 0; i < 20; i++) {
            command(i, i % 2 == 0 ? "tanaka" : "suzuki", i % 4 < 2 ? "SHELL" : "MQTT",
                    i % 5 == 0 ? "door.2f.server-room" : "door.1f.lobby");
        }
        store.awaitCaughtUp(10_000);
        AuditQuery all = AuditQuery.between(T0, T0.plusSeconds(3600)).withLimit(1000);
        assertEquals(60, store.engine.audit(all).items().size());
        assertEquals(30, store.engine.audit(all.withUser("tanaka")).items().size());
        assertEquals(30, store.engine.audit(all.withChannel("MQTT")).items().size());
        assertEquals(12, store.engine.audit(all.withDevice("door.2f.server-room")).items().size());
        assertEquals(20, store.engine.audit(all.withKind(EventTypes.COMMAND_ISSUED)).items().size());
        assertEquals(40, store.engine.audit(all.withKind("command.")).items().size());
        assertEquals(5, store.engine.audit(all.withUser("tanaka").withChannel("SHELL")
                .withKind(EventTypes.POLICY_ALLOWED)).items().size());
        List<AuditEntry> window = store.engine.audit(AuditQuery.between(T0.plusSeconds(50), T0.plusSeconds(100))).items();
        assertEquals(15, window.size());
    }

    @Test
    public void auditPagingVisitsEveryEntryOnce() throws Exception {
        for (int i = 0; i < 20; i++) {
            command(i, "tanaka", "SHELL", "door.1f.lobby");
        }
        store.awaitCaughtUp(10_000);
        AuditQuery q = AuditQuery.between(T0, T0.plusSeconds(3600)).withLimit(11);
        List<Long> seen = new ArrayList<>();
        Page<AuditEntry> page = store.engine.audit(q);
        while (true) {
            page.items().forEach(a -> seen.add(a.sequence()));
            if (!page.hasNext()) {
                break;
            }
            page = store.engine.audit(q.withNext(page.next()));
        }
        assertEquals(60, seen.size());
        assertEquals(60, seen.stream().distinct().count());
    }

    @Test
    public void theChainContinuesAfterARestart() throws Exception {
        command(0, "tanaka", "SHELL", "door.1f.lobby");
        store.awaitCaughtUp(10_000);
        store.stopAll();
        store.start(db.dataSource);
        command(1, "tanaka", "SHELL", "door.1f.lobby");
        store.awaitCaughtUp(10_000);
        List<AuditEntry> trail = store.engine.audit(AuditQuery.between(T0, T0.plusSeconds(60))).items();
        assertEquals(6, trail.size());
        assertEquals(6, trail.get(5).sequence());
        assertTrue(trail.stream().allMatch(a -> a.journalPosition() > 0));
    }
}
