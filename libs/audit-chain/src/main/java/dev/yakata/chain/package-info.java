/**
 * Tamper evidence for the audit trail: a hash chain over audit records ({@link dev.yakata.chain.HashChain}),
 * checkpoints signed with the hub's Ed25519 key ({@link dev.yakata.chain.CheckpointSigner}), the verifier that names
 * the first edited, deleted, inserted or reordered record and a cut tail ({@link dev.yakata.chain.ChainVerifier}),
 * and the audit CSV export it reads ({@link dev.yakata.chain.AuditCsv}, on top of {@link dev.yakata.chain.Csv}).
 *
 * <p>Plain Java 17, no dependency, no OSGi: the store copies this package in privately (bnd
 * {@code -conditionalpackage: dev.yakata.chain.*}); the jar is also the auditors' offline verifier ({@link
 * dev.yakata.chain.Main}). Nothing here is thread-safe unless it says so: give each thread its own instance.
 */
package dev.yakata.chain;
