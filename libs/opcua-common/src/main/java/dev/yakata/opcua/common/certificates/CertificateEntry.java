package dev.yakata.opcua.common.certificates;

import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * One certificate of a trust list as a manager sees it. JDK types only, so the shell command bundles, which carry
 * no Milo, can include this package and print what the adapter's and the server's trust services return.
 *
 * @param thumbprint     SHA-1 thumbprint in lower-case hex, as OPC UA tools show it
 * @param subject        the subject's distinguished name
 * @param applicationUri the URI in the subject alternative names, empty when none
 * @param notAfter       end of validity, ISO-8601
 */
public record CertificateEntry(String thumbprint, String subject, String applicationUri, String notAfter) {

    private static final int SAN_URI = 6;

    public static CertificateEntry of(X509Certificate certificate) {
        return new CertificateEntry(thumbprint(certificate), certificate.getSubjectX500Principal().getName(),
                applicationUri(certificate), certificate.getNotAfter().toInstant().toString());
    }

    public static List<CertificateEntry> of(List<X509Certificate> certificates) {
        return certificates.stream().map(CertificateEntry::of).toList();
    }

    /** {@code title: none}, or the title and one indented line per certificate, as the cert-list commands print. */
    public static String list(String title, List<CertificateEntry> entries) {
        StringBuilder text = new StringBuilder(title).append(": ").append(entries.isEmpty() ? "none" : "");
        for (CertificateEntry e : entries) {
            text.append("\n  ").append(e.thumbprint()).append("  ").append(e.applicationUri()).append("  ")
                    .append(e.subject()).append("  valid until ").append(e.notAfter());
        }
        return text.toString();
    }

    /** The certificate's SHA-1 thumbprint in lower-case hex. */
    public static String thumbprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (Exception e) {
            return "?";
        }
    }

    private static String applicationUri(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() == 2 && Integer.valueOf(SAN_URI).equals(name.get(0))) {
                        return String.valueOf(name.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unreadable extension: show no URI rather than fail the listing
        }
        return "";
    }
}
