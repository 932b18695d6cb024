package dev.yakata.access.rules;

/**
 * What the rules decided for one swipe, with everything the record and the door need.
 *
 * @param granted           whether the person may pass
 * @param reason            {@code granted}, {@code free-passage}, or the refusal's code ({@code unknown-card},
 *                          {@code expired}, ... see docs/access-control.md)
 * @param detail            a sentence for operators: who, where, why, and what to do about a refusal
 * @param rule              the file and line of the rule that decided ({@code policies.cfg:14}), or empty
 * @param door              the door's device id
 * @param reader            the reader's id
 * @param direction         {@code entry} or {@code exit}, empty for an unknown reader
 * @param fromZone          the zone left
 * @param toZone            the zone entered
 * @param level             the door's level (the higher of its two zones'); 0 for an unknown door
 * @param person            the card holder's person id, empty when unknown
 * @param passbackViolation soft anti-passback let a violation pass
 * @param escort            the escorting person's id, for an escorted visitor; else empty
 * @param late              the swipe reached the hub later than the late-swipe limit: recorded, the door not unlocked
 * @param clockSkew         the reader's time is ahead of the hub's by more than the skew limit
 * @param unlockSeconds     how long to unlock the door for a grant (0: do not unlock, e.g. late or free passage)
 */
public record Decision(boolean granted, String reason, String detail, String rule, String door, String reader,
        String direction, String fromZone, String toZone, int level, String person, boolean passbackViolation,
        String escort, boolean late, boolean clockSkew, int unlockSeconds) {
}
