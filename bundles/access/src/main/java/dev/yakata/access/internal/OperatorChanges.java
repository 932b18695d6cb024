package dev.yakata.access.internal;

import dev.yakata.access.rules.CardState;
import dev.yakata.api.command.Command;
import dev.yakata.core.api.Pseudonyms;
import java.io.IOException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The operators' changes to the rules' state: a card's override (suspended, lost, revoked, or none again), kept in
 * {@link CardStateFile} so it outlives a restart, and forgetting where a person is (passback). Each change is a
 * command, so the audit trail already has who asked and why. Serialised, so the file follows the changes' order.
 */
final class OperatorChanges {

    private final Rules rules;
    private final Pseudonyms pseudonyms;
    private final CardStateFile file;
    private final ZoneId zone;

    OperatorChanges(Rules rules, Pseudonyms pseudonyms, CardStateFile file, ZoneId zone) {
        this.rules = rules;
        this.pseudonyms = pseudonyms;
        this.file = file;
        this.zone = zone;
    }

    /** Puts the overrides kept on disk in force; called once at start. */
    synchronized int restore() throws IOException {
        Map<String, CardState> kept = file.load();
        kept.forEach(rules::overrideCardState);
        return kept.size();
    }

    /** {@code suspend-card}, {@code report-lost}, {@code revoke-card}. */
    synchronized Map<String, Object> override(Command command, CardState state) throws IOException {
        OperatorInput input = new OperatorInput(command, zone);
        String card = input.card(pseudonyms);
        if (!rules.configured()) {
            throw new RejectedInput("access control has no configuration in force, so no card is known yet; see "
                    + "yakata:access-status");
        }
        String person = rules.personOfCard(card);
        if (person == null) {
            throw new RejectedInput("no person holds card " + card + " in the access files; check the number (or "
                    + "the pseudonym) against people.cfg");
        }
        CardState previous = rules.cardStateOverrides().get(card);
        rules.overrideCardState(card, state);
        // In force before it is saved: a lost card is refused even if the disk fails, which the outcome then says.
        save(card);
        return change(card, person, state.name(), previous, input.optional("reason"));
    }

    /** {@code reinstate-card}: removes the override, so the card's state in its file applies again. */
    synchronized Map<String, Object> reinstate(Command command) throws IOException {
        OperatorInput input = new OperatorInput(command, zone);
        String card = input.card(pseudonyms);
        CardState previous = rules.cardStateOverrides().get(card);
        Map<String, Object> data;
        if (previous == null) {
            data = change(card, person(card), "none", null, input.optional("reason"));
            data.put("message", "card " + card + " had no override; its state in the access files applies");
            return data;
        }
        rules.overrideCardState(card, null);
        save(card);
        return change(card, person(card), "none", previous, input.optional("reason"));
    }

    /** {@code forgive-passback}. */
    Map<String, Object> forgive(Command command) {
        OperatorInput input = new OperatorInput(command, zone);
        String person = input.text("person");
        boolean forgotten = rules.forgive(person);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("person", person);
        data.put("forgotten", forgotten);
        data.put("reason", input.optional("reason"));
        data.put("message", forgotten ? "where " + person + " is was forgotten: their next swipe is not held against "
                + "passback" : "nothing was known of where " + person + " is; no person of that id, or not inside "
                + "any passback or Level-3 zone");
        return data;
    }

    private void save(String card) throws IOException {
        try {
            file.save(rules.cardStateOverrides());
        } catch (IOException e) {
            throw new IOException("the change to card " + card + " is in force now, but " + file.file()
                    + " could not be written, so it would be lost at a restart: " + e.getMessage(), e);
        }
    }

    private String person(String card) {
        String person = rules.personOfCard(card);
        return person == null ? "" : person;
    }

    private static Map<String, Object> change(String card, String person, String state, CardState previous,
            String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("card", card);
        data.put("person", person);
        data.put("state", state.toLowerCase(Locale.ROOT));
        data.put("previous", previous == null ? "none" : previous.name().toLowerCase(Locale.ROOT));
        data.put("reason", reason);
        return data;
    }
}
