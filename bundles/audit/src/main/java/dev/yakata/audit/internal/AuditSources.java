package dev.yakata.audit.internal;

/** What the audit sources have in common. */
final class AuditSources {

    /** The source of every event this bundle publishes: the hub itself says so. */
    static final String SOURCE = "hub";

    private AuditSources() {
    }
}
