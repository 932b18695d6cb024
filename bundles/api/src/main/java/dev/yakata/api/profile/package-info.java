/**
 * Device profiles: what a door, a shutter or a pair of power feeds <em>is</em>, whatever protocol drives it. The hub
 * declares its profiles once; a device file names one and maps its point roles onto the device's points. These types
 * describe a profile so that adapters, the console and the docs read one declaration.
 */
@Export
@Version("1.2.0")
package dev.yakata.api.profile;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
