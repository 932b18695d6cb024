/**
 * Commands sent to devices and the outcomes they end in.
 */
@Export
@Version("1.0.0")
package dev.yakata.api.command;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
