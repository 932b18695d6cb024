package dev.yakata.store.api;

import java.util.List;

/**
 * One page of a query's results.
 *
 * @param items the results, oldest first
 * @param next  an opaque token: pass it in the same query's {@code next} to get the page after this one; empty when
 *              this is the last page
 */
public record Page<T>(List<T> items, String next) {

    public Page {
        items = List.copyOf(items);
        next = next == null ? "" : next;
    }

    /** Whether a further page may hold results. */
    public boolean hasNext() {
        return !next.isEmpty();
    }
}
