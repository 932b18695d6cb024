package dev.yakata.store.internal;

import dev.yakata.api.event.Event;
import dev.yakata.store.api.EventStore;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The store's hash chains, and the one place that decides which chain a control event's record joins: the operator
 * audit trail ({@code audit}, {@link AuditProjector}) or the Level-3 entry/exit record ({@code access},
 * {@link AccessProjector}). Each chain is numbered 1.. on its own, with its own head in the writer and its own
 * signed checkpoints, and is verified, queried, exported and pruned (with its own retention) by name.
 */
final class Chains {

    static final String AUDIT = EventStore.AUDIT_CHAIN;
    static final String ACCESS = EventStore.ACCESS_CHAIN;

    /** Every chain the store writes, in the order the writer reads their heads and signs them. */
    static final List<String> NAMES = List.of(AUDIT, ACCESS);

    private Chains() {
    }

    /**
     * The record {@code event} gives, with its chain named and without its number and hashes; {@code null} for an
     * event no chain keeps. The two projections take disjoint event types, so an event joins one chain at most.
     */
    static AuditRecord project(Event event, long position) {
        if (AuditProjector.isAudited(event.type())) {
            return AuditProjector.project(event, position);
        }
        if (AccessProjector.isLevel3Decision(event)) {
            return AccessProjector.project(event, position);
        }
        return null;
    }

    /** {@code chain} when the store keeps such a chain; otherwise a refusal naming the argument and the chains. */
    static String check(String chain) {
        if (chain == null || !NAMES.contains(chain)) {
            throw new IllegalArgumentException("chain = " + (chain == null ? "null" : "\"" + chain + "\"")
                    + " is not a chain this store keeps: give one of " + NAMES.stream()
                            .map(n -> n + " (" + description(n) + ")").collect(Collectors.joining(", ")));
        }
        return chain;
    }

    /** What the chain is, for people. */
    static String description(String chain) {
        return switch (check(chain)) {
            case ACCESS -> "the Level-3 entry/exit record";
            default -> "the operator audit trail";
        };
    }

    /** What its records are called in messages ("audit entries"). */
    static String records(String chain) {
        return switch (check(chain)) {
            case ACCESS -> "Level-3 access records";
            default -> "audit entries";
        };
    }

    /** The key of {@code etc/dev.yakata.store.cfg} that sets how many days the chain's records are kept. */
    static String retentionKey(String chain) {
        return switch (check(chain)) {
            case ACCESS -> "retentionAccessDays";
            default -> "retentionAuditDays";
        };
    }

    /** The chain's retention in days, 0 for forever. */
    static int retentionDays(String chain, StoreSettings settings) {
        return switch (check(chain)) {
            case ACCESS -> settings.retentionAccessDays();
            default -> settings.retentionAuditDays();
        };
    }
}
