package dev.yakata.api.profile;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One event type a profile's devices emit.
 *
 * @param type         the event type ({@code card.swiped})
 * @param description  one sentence for the docs
 * @param dataKeys     the payload keys it carries
 * @param personalKeys the payload keys that hold personal data (a card number): the hub replaces their values by a
 *                     keyed pseudonym before the event is published, so they never leave the hub
 */
public record EventSpec(String type, String description, List<String> dataKeys, Set<String> personalKeys) {

    public EventSpec {
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
        dataKeys = dataKeys == null ? List.of() : List.copyOf(dataKeys);
        personalKeys = personalKeys == null ? Set.of() : Set.copyOf(personalKeys);
    }
}
