/**
 * The northbound server's trust-list service for its shell commands bundle. The only package the server bundle
 * exports; it is not imported back (nothing else provides it).
 */
@Export(substitution = Export.Substitution.NOIMPORT)
@Version("1.0.0")
package dev.yakata.opcua.server.trust;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
