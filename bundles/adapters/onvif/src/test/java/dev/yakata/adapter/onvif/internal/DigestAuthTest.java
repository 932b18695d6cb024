package dev.yakata.adapter.onvif.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/** The digest answers against the worked examples of RFC 7616, section 3.9.1. */
public class DigestAuthTest {

    private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    private static DigestAuth.Challenge challenge(String header) {
        return DigestAuth.choose(List.of(header), new StringBuilder()).orElseThrow();
    }

    @Test
    public void md5AnswerMatchesRfc7616() {
        var c = challenge("Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, nonce=\"" + NONCE
                + "\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
        String header = DigestAuth.authorization(c, "Mufasa", "Circle of Life", "GET", "/dir/index.html", 1, CNONCE);
        assertTrue(header, header.contains("response=\"8ca523f5e9506fed4657c9700eebdbec\""));
        assertTrue(header, header.contains("nc=00000001"));
    }

    @Test
    public void sha256AnswerMatchesRfc7616AndIsPreferredOverMd5() {
        String sha = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, nonce=\"" + NONCE
                + "\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
        String md5 = sha.replace("SHA-256", "MD5");
        var c = DigestAuth.choose(List.of(md5 + ", " + sha), new StringBuilder()).orElseThrow();
        assertEquals("SHA-256", c.algorithm());
        String header = DigestAuth.authorization(c, "Mufasa", "Circle of Life", "GET", "/dir/index.html", 1, CNONCE);
        assertTrue(header, header.contains("response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\""));
    }

    @Test
    public void unsupportedChallengesAreRefusedWithTheReason() {
        StringBuilder problem = new StringBuilder();
        assertTrue(DigestAuth.choose(List.of("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\", algorithm=SHA-512-256"), problem).isEmpty());
        assertTrue(problem.toString(), problem.toString().contains("SHA-512-256 is not supported"));
    }
}
