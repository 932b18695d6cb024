/**
 * The record: stored control events, the operator audit trail, the Level-3 access record and point history, queried
 * and exported through {@link dev.yakata.store.api.EventStore}.
 */
@Export
@Version("0.3.0")
package dev.yakata.store.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
