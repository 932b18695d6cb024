package dev.yakata.store.internal;

import dev.yakata.eventjson.EventJson;
import dev.yakata.store.api.AuditEntry;
import java.io.IOException;
import java.io.Writer;
import java.util.Iterator;

/**
 * STOPGAP audit CSV, until the tamper-evidence library's format replaces it: one row per entry with every column,
 * hashes as stored (empty today), and no checkpoints, so an offline verifier cannot check it.
 */
final class MinimalAuditCsv implements AuditCsvFormat {

    static final String[] HEADER = {"chain", "sequence", "time", "kind", "user", "channel", "device", "action",
        "arguments", "outcome", "reason", "event_id", "journal_position", "correlation_id", "previous_hash", "hash"};

    @Override
    public long write(Iterator<AuditEntry> entries, Writer out) throws IOException {
        Csv csv = new Csv(out);
        csv.row(HEADER);
        long rows = 0;
        while (entries.hasNext()) {
            AuditEntry a = entries.next();
            csv.row(a.chain(), Long.toString(a.sequence()), a.time().toString(), a.kind(), a.user(), a.channel(),
                    a.device(), a.action(), EventJson.valueToJson(a.arguments()), a.outcome(), a.reason(), a.eventId(),
                    Long.toString(a.journalPosition()), a.correlationId(), a.previousHash(), a.hash());
            rows++;
        }
        return rows;
    }
}
