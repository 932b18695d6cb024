package dev.yakata.adapter.mqtt.bridge;

/**
 * Decides whether a hub user may give a command, by the same rules as the console: the user's roles (the hub's
 * JAAS realm) against the roles the console's command ACL gives {@code device-command} and {@code point-write}.
 */
interface CommandAuthorization {

    /** @return {@code null} when allowed, else the sentence that says why not */
    String refusal(String hubUser, boolean pointWrite);
}
