/**
 * The event bus as a service for other hub bundles: publish events, read lane and listener counters. Not part of the
 * vendor API: adapters publish through their {@code DeviceContext}.
 */
@Export
@Version("1.0.0")
package dev.yakata.bus.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
