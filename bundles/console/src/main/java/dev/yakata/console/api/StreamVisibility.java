package dev.yakata.console.api;

import dev.yakata.api.event.Event;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * What a console user may see of a bus event: the same as {@code GET /api/events} (every logged-in user reads events;
 * the hub pseudonymises card numbers before it publishes). As a second guard, because a stream is the one place events
 * leave the hub live, a card field whose value is not a pseudonym ({@code card:} or {@code person:} and 24 hex
 * digits) is withheld here, and counted, so a raw card number published by a faulty adapter never reaches a browser.
 */
final class StreamVisibility {

    static final String WITHHELD = "withheld";
    private static final Pattern PSEUDONYM = Pattern.compile("(card|person):[0-9a-f]{24}");
    private static final String[] CARD_FIELDS = {"card", "cardNumber", "card_number", "cardId"};

    private StreamVisibility() {
    }

    static Event visible(Event e, AtomicLong withheld) {
        Map<String, Object> data = e.data();
        Map<String, Object> copy = null;
        for (String field : CARD_FIELDS) {
            Object v = data.get(field);
            if (v != null && !(v instanceof String s && PSEUDONYM.matcher(s).matches())) {
                if (copy == null) {
                    copy = new LinkedHashMap<>(data);
                }
                copy.put(field, WITHHELD);
            }
        }
        if (copy == null) {
            return e;
        }
        withheld.incrementAndGet();
        return e.withData(copy);
    }
}
