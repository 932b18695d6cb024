/**
 * How the hub asks a camera for a picture: the one package the camera adapter exports, JDK types only, so a consumer
 * (the snapshot store of a later slice, the shell) depends on nothing else of this bundle.
 */
@Export
@Version("1.0.0")
package dev.yakata.adapter.onvif.snapshot;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
