/**
 * The journal: every control-lane event, appended durably before anyone counts it as delivered, read by each consumer
 * (the bus's overflow, the northbound bridge, the event store, the fleet link) through a cursor of its own, so an
 * outage of one consumer delays only that one.
 */
@Export
@Version("1.0.0")
package dev.yakata.journal.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
