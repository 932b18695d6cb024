package dev.yakata.api.profile;

/** The type of an action argument, and the Java type the adapter receives it as. */
public enum ArgumentKind {
    /** A whole number; a {@link Long}. */
    INTEGER,
    /** A number; a {@link Double}. */
    NUMBER,
    /** true or false; a {@link Boolean}. */
    BOOLEAN,
    /** Text; a {@link String}. */
    TEXT
}
