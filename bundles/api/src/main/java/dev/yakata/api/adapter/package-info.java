/**
 * The service provider interface a protocol adapter implements: open a device, execute its commands, publish what it sees.
 */
@Export
@Version("1.0.0")
package dev.yakata.api.adapter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
