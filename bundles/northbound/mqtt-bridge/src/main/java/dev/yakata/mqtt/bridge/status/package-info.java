/** The MQTT bridge's status service, the one package the bridge exports (for its shell command). */
@Export
@Version("1.0.0")
package dev.yakata.mqtt.bridge.status;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
