package dev.yakata.adapter.opcua.server;

import dev.yakata.adapter.opcua.pki.CertificateTrust;
import org.osgi.annotation.versioning.ProviderType;

/** The northbound server's trust list of client certificates (SCADA, BMS), for the shell. */
@ProviderType
public interface ServerCertificateTrust extends CertificateTrust {
}
