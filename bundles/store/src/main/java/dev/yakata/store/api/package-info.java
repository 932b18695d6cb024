/**
 * The record: stored control events, the operator audit trail and point history, queried and exported through
 * {@link dev.yakata.store.api.EventStore}.
 */
@Export
@Version("0.2.0")
package dev.yakata.store.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
