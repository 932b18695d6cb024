/**
 * The MQTT bridge's outbox as it was when the journal replaced it (yakata-adapter-mqtt, package
 * {@code dev.yakata.adapter.mqtt.outbox}, last changed in commit 8e978db), frozen here with only its package renamed,
 * so the journal benchmark can measure its baseline in the same run after the outbox is gone from the MQTT module.
 * Benchmark sources only; never part of the bundle.
 */
package dev.yakata.journal.baseline;
