/**
 * Constants of the {@code yakata:} Camel component: URI scheme, exchange headers and the bus's own event types.
 */
@Export
@Version("1.0.0")
package dev.yakata.bus.camel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
