/**
 * Which setting keys hold secrets. Not exported by any bundle: each bundle copies this package in privately (bnd
 * {@code -conditionalpackage: dev.yakata.util.*}), so the core's registry and the audit redact by the same rule.
 */
package dev.yakata.util.secret;
