/**
 * The core's services for other hub bundles (shell, console, northbound links, access control): the device registry,
 * the command policy, the profile declarations and card pseudonyms. Not part of the vendor API.
 */
@Export
@Version("1.2.0")
package dev.yakata.core.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
