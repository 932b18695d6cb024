/**
 * Logging helpers. Not exported by any bundle: each bundle copies this package in privately (bnd
 * {@code -conditionalpackage: dev.yakata.util.*}).
 */
package dev.yakata.util.log;
