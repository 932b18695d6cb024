/**
 * Devices and their points: definitions read from configuration, live values with quality, and status with a reason.
 */
@Export
@Version("1.0.0")
package dev.yakata.api.device;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
