/**
 * Services the hub provides to other bundles: the device registry and the event bus.
 */
@Export
@Version("1.0.0")
package dev.yakata.api.hub;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
