/** The BACnet adapter's discovery service, the one package the adapter exports (for its shell command). */
@Export
@Version("1.0.0")
package dev.yakata.adapter.bacnet.discovery;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
