package dev.yakata.access.rules;

/** A card's state; only {@link #ACTIVE} passes. */
public enum CardState {
    ACTIVE, SUSPENDED, LOST, REVOKED
}
