/** The simulator's fault-injection service, the one package the simulator exports (for its shell command). */
@Export
@Version("1.0.0")
package dev.yakata.adapter.simulator.faults;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
