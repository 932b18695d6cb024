package dev.yakata.adapter.bacnet.codec;

/**
 * A decoded tag header (clause 20.2.1).
 *
 * @param number  the tag number (application type, or context tag number)
 * @param context whether the class bit says context-specific
 * @param kind    primitive, opening or closing
 * @param length  content length of a primitive; for an application BOOLEAN the value itself (0 or 1)
 */
public record Tag(int number, boolean context, Kind kind, long length) {

    /** What the tag introduces. */
    public enum Kind { PRIMITIVE, OPENING, CLOSING }

    /** @return whether this is context tag {@code n}, primitive */
    public boolean isContext(int n) {
        return context && kind == Kind.PRIMITIVE && number == n;
    }

    /** @return whether this is opening context tag {@code n} */
    public boolean isOpening(int n) {
        return kind == Kind.OPENING && number == n;
    }

    /** @return whether this is closing context tag {@code n} */
    public boolean isClosing(int n) {
        return kind == Kind.CLOSING && number == n;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case OPENING -> "opening tag " + number;
            case CLOSING -> "closing tag " + number;
            case PRIMITIVE -> (context ? "context tag " : "application tag ") + number + " (length " + length + ")";
        };
    }
}
