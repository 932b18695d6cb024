package dev.yakata.chain;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.Test;

public class HashChainTest {

    private final HashChain hashing = new HashChain();
    private final AuditFields fields = TestChains.fields(6);

    @Test
    public void theFirstRecordIsSequenceOneChainedToGenesis() {
        ChainedRecord r = hashing.first("audit", fields);
        assertEquals(1, r.sequence());
        assertEquals(HashChain.GENESIS, r.previousHash());
        assertEquals("0".repeat(64), HashChain.GENESIS);
        assertTrue(HashChain.isHash(r.hash()));
        ChainedRecord next = hashing.next(r, TestChains.fields(7));
        assertEquals(2, next.sequence());
        assertEquals(r.hash(), next.previousHash());
        assertEquals("audit", next.chain());
    }

    @Test
    public void theHashIsSha256OverTheDocumentedCanonicalBytes() throws Exception {
        AuditFields f = AuditFields.at(Instant.parse("2026-12-01T00:00:01.000002Z")).kind("k").user("山").build();
        byte[] expected = concat(str("yakata.audit-chain/1"), str("audit"), str(HashChain.GENESIS),
                new byte[] {0, 0, 0, 0, 0x6B, 0x0E, 0x0E, 0x01}, new byte[] {0, 0, 0x07, (byte) 0xD0},
                str("k"), str("山"), str(""), str(""), str(""), str(""), str(""), str(""), str(""));
        assertEquals(1_796_083_201L, f.time().getEpochSecond());
        assertArrayEquals(expected, hashing.canonicalBytes("audit", HashChain.GENESIS, f));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected));
        assertEquals(sha, hashing.hash("audit", HashChain.GENESIS, f));
    }

    @Test
    public void theHashOfAKnownRecordNeverChangesBetweenReleases() {
        // Computed independently (Python hashlib over the documented layout). A change here means every stored chain
        // stops verifying: a new encoding needs a new tag, and version 1 must still be read.
        AuditFields f = AuditFields.at(Instant.parse("2026-12-01T22:45:00.123456Z")).kind("command").user("alice")
                .channel("shell").device("door-1").action("unlock").arguments("{}").outcome("ACCEPTED").reason("配達")
                .eventId("evt-1").build();
        assertEquals(PINNED, hashing.hash("audit", HashChain.GENESIS, f));
    }

    private static final String PINNED = "c22b77e3e5de6c352f92626d26fb00cdf4aa0e2d7d339da13a25971fe956f4b9";

    @Test
    public void everyFieldTheChainNameAndThePredecessorChangeTheHash() {
        String base = hashing.hash("audit", HashChain.GENESIS, fields);
        assertNotEquals(base, hashing.hash("access", HashChain.GENESIS, fields));
        assertNotEquals(base, hashing.hash("audit", "1".repeat(64), fields));
        assertNotEquals(base, hashing.hash("audit", HashChain.GENESIS, new AuditFields(fields.time().plusNanos(1000),
                fields.kind(), fields.user(), fields.channel(), fields.device(), fields.action(), fields.arguments(),
                fields.outcome(), fields.reason(), fields.eventId())));
        for (int i = 0; i < 9; i++) {
            String[] v = {fields.kind(), fields.user(), fields.channel(), fields.device(), fields.action(), fields.arguments(),
                    fields.outcome(), fields.reason(), fields.eventId()};
            v[i] = v[i] + "x";
            AuditFields changed = new AuditFields(fields.time(), v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
            assertNotEquals("field " + i, base, hashing.hash("audit", HashChain.GENESIS, changed));
        }
    }

    @Test
    public void textMovedAcrossAFieldBoundaryChangesTheHash() {
        Instant t = TestChains.START;
        AuditFields a = AuditFields.at(t).kind("ab").user("c").build();
        AuditFields b = AuditFields.at(t).kind("a").user("bc").build();
        assertNotEquals(hashing.hash("audit", HashChain.GENESIS, a), hashing.hash("audit", HashChain.GENESIS, b));
    }

    @Test
    public void aNullFieldHashesAsTheEmptyStringSoADatabaseMayStoreEither() {
        Instant t = TestChains.START;
        assertEquals(hashing.hash("audit", HashChain.GENESIS, new AuditFields(t, null, null, null, null, null, null, null, null, null)),
                hashing.hash("audit", HashChain.GENESIS, new AuditFields(t, "", "", "", "", "", "", "", "", "")));
    }

    @Test
    public void timeIsKeptToTheMicrosecondWhichIsWhatTheDatabasesStore() {
        AuditFields f = AuditFields.at(Instant.parse("2026-12-01T22:45:00.123456789Z")).build();
        assertEquals(Instant.parse("2026-12-01T22:45:00.123456Z"), f.time());
        assertThrows(NullPointerException.class, () -> new AuditFields(null, "", "", "", "", "", "", "", "", ""));
    }

    @Test
    public void textThatIsNotValidUnicodeIsRefusedRatherThanHashedLikeOtherText() {
        AuditFields broken = AuditFields.at(TestChains.START).reason("ab\uD800c").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hashing.first("audit", broken));
        assertTrue(e.getMessage(), e.getMessage().contains("unpaired surrogate"));
        // A proper pair (an emoji) is fine.
        hashing.first("audit", AuditFields.at(TestChains.START).reason("扉 \uD83D\uDEAA").build());
    }

    @Test
    public void appendRefusesAPreviousHashThatIsNoHashAndSaysWhatAHashLooksLike() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> hashing.append("audit", 2, HashChain.GENESIS.toUpperCase().replace('0', 'A'), fields));
        assertTrue(e.getMessage(), e.getMessage().contains("64 lowercase hex"));
        assertThrows(IllegalArgumentException.class, () -> hashing.append("audit", 0, HashChain.GENESIS, fields));
        assertThrows(IllegalArgumentException.class, () -> hashing.append("", 1, HashChain.GENESIS, fields));
    }

    @Test
    public void aLongFieldIsHashedWhole() {
        String big = "長".repeat(100_000);
        AuditFields a = AuditFields.at(TestChains.START).arguments(big).build();
        AuditFields b = AuditFields.at(TestChains.START).arguments(big + "x").build();
        assertNotEquals(hashing.hash("audit", HashChain.GENESIS, a), hashing.hash("audit", HashChain.GENESIS, b));
        assertEquals(300_000, hashing.canonicalBytes("audit", HashChain.GENESIS, a).length
                - hashing.canonicalBytes("audit", HashChain.GENESIS, AuditFields.at(TestChains.START).build()).length);
    }

    private static byte[] str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[4 + b.length];
        out[0] = (byte) (b.length >>> 24);
        out[1] = (byte) (b.length >>> 16);
        out[2] = (byte) (b.length >>> 8);
        out[3] = (byte) b.length;
        System.arraycopy(b, 0, out, 4, b.length);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            int n = out.length;
            out = Arrays.copyOf(out, n + p.length);
            System.arraycopy(p, 0, out, n, p.length);
        }
        return out;
    }
}
