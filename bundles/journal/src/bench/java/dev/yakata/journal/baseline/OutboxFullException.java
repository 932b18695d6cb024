package dev.yakata.journal.baseline;

/**
 * Thrown by {@link Outbox#append} when the record would take the outbox beyond
 * {@link OutboxSettings#maxBytes()}. Nothing was written; the outbox stays usable and accepts records again once
 * acknowledgements have freed whole segments. An expected condition during a long broker outage, so the caller
 * counts it and logs at a limited rate rather than treating it as a failure of the outbox.
 */
public final class OutboxFullException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long bytesOnDisk;
    private final long maxBytes;

    public OutboxFullException(long bytesOnDisk, long maxBytes) {
        super("Outbox full: " + bytesOnDisk + " of " + maxBytes + " bytes used by undelivered records");
        this.bytesOnDisk = bytesOnDisk;
        this.maxBytes = maxBytes;
    }

    /** Segment bytes on disk when the record was refused. */
    public long bytesOnDisk() {
        return bytesOnDisk;
    }

    /** The configured limit. */
    public long maxBytes() {
        return maxBytes;
    }
}
