/**
 * The one event envelope that travels on the bus, and the listener whiteboard that receives events.
 */
@Export
@Version("1.2.0")
package dev.yakata.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
