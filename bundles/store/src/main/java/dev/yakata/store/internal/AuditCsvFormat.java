package dev.yakata.store.internal;

import dev.yakata.store.api.AuditEntry;
import java.io.IOException;
import java.io.Writer;
import java.util.Iterator;

/**
 * The seam for the audit export's format. The tamper-evidence library ({@code libs/audit-chain}) will supply the
 * format an auditor's offline verifier reads, with the chain columns and the checkpoints; until it is merged,
 * {@link MinimalAuditCsv} writes the entries' columns only (no checkpoints; hashes as stored, empty today).
 */
interface AuditCsvFormat {

    /**
     * Writes every entry, in chain order, after the byte order mark the caller has written.
     *
     * @return the number of entries written
     */
    long write(Iterator<AuditEntry> entries, Writer out) throws IOException;
}
