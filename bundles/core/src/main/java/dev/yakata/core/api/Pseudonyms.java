package dev.yakata.core.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Keyed pseudonyms for personal data (card numbers). The hub replaces a card number by its pseudonym before a card
 * event is published; access control enrols cards by the same pseudonym, so the number itself never travels. The key
 * is generated on the hub's first start and kept in its data folder; the same number always gives the same pseudonym
 * on one hub, and nobody without the key can tell the number from it.
 */
@ProviderType
public interface Pseudonyms {

    /** The pseudonym of a card number ({@code card:} and 24 hexadecimal digits); leading and trailing spaces ignored. */
    String ofCard(String cardNumber);

    /**
     * The pseudonym of a person id ({@code person:} and 24 hexadecimal digits), which {@code card.presented} carries
     * so that attendance, PC log-in or vending can tell one person's cards apart from another's without the hub
     * giving away who it is; leading and trailing spaces ignored.
     */
    String ofPerson(String personId);
}
