package dev.yakata.chain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Chains built with the real {@link HashChain} and records changed the way someone with database access would. */
final class TestChains {

    static final Instant START = Instant.parse("2026-12-01T22:45:00.123456Z");

    private TestChains() {
    }

    static AuditFields fields(int i) {
        return AuditFields.at(START.plusMillis(250L * i))
                .kind(i % 5 == 0 ? "login.refused" : "command")
                .user(i % 3 == 0 ? "山田 太郎" : "alice")
                .channel(i % 2 == 0 ? "shell" : "mqtt")
                .device("door-" + (i % 7))
                .action(i % 2 == 0 ? "unlock" : "lock")
                .arguments("{\"durationSeconds\":" + i + "}")
                .outcome(i % 4 == 0 ? "REJECTED" : "ACCEPTED")
                .reason(i % 6 == 0 ? "配達のため, \"急ぎ\"\r\n2行目" : "")
                .eventId("evt-" + i)
                .build();
    }

    /** A chain of {@code n} records, sequences 1..n. */
    static List<ChainedRecord> chain(String name, int n) {
        HashChain hashing = new HashChain();
        List<ChainedRecord> out = new ArrayList<>(n);
        ChainedRecord prev = null;
        for (int i = 1; i <= n; i++) {
            prev = prev == null ? hashing.first(name, fields(i)) : hashing.next(prev, fields(i));
            out.add(prev);
        }
        return out;
    }

    static ChainedRecord renumbered(ChainedRecord r, long sequence) {
        return new ChainedRecord(r.chain(), sequence, r.fields(), r.previousHash(), r.hash());
    }

    static ChainedRecord withUser(ChainedRecord r, String user) {
        AuditFields f = r.fields();
        return new ChainedRecord(r.chain(), r.sequence(), new AuditFields(f.time(), f.kind(), user, f.channel(), f.device(),
                f.action(), f.arguments(), f.outcome(), f.reason(), f.eventId()), r.previousHash(), r.hash());
    }

    /** Renumbers {@code records} 1.. (or from {@code first}) in list order, as an UPDATE of the sequence column would. */
    static List<ChainedRecord> renumberFrom(List<ChainedRecord> records, long first) {
        List<ChainedRecord> out = new ArrayList<>();
        for (ChainedRecord r : records) {
            out.add(renumbered(r, first + out.size()));
        }
        return out;
    }
}
