/**
 * The client adapter's service for its shell commands bundle. The only package the adapter bundle exports; it is
 * not imported back (nothing else provides it).
 */
@Export(substitution = Export.Substitution.NOIMPORT)
@Version("1.0.0")
package dev.yakata.adapter.opcua.tools;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
