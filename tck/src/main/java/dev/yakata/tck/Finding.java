package dev.yakata.tck;

import java.util.Objects;

/**
 * One breach of a clause, in plain words: what was seen, why it matters, what to fix.
 *
 * @param clause  the clause broken
 * @param message the sentence a vendor reads
 */
public record Finding(Clause clause, String message) {

    public Finding {
        Objects.requireNonNull(clause, "clause");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return clause.description() + ": " + message;
    }
}
