/** The MQTT device adapter's status service, the one package the adapter exports (for its shell commands). */
@Export
@Version("1.1.0")
package dev.yakata.adapter.mqtt.status;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
