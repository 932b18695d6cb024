package dev.yakata.core.internal;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.Test;

public class InstantTextTest {

    @Test
    public void writesExactlyWhatInstantToStringWrites() {
        SplittableRandom random = new SplittableRandom(8);
        long[] seconds = {0, 1, -1, 1_764_620_000L, 253_402_300_799L, 253_402_300_800L, -62_167_219_200L,
                -62_167_219_201L};
        int[] nanos = {0, 1, 999, 1000, 1_000_000, 123_000_000, 123_456_000, 123_456_789, 999_999_999, 10};
        for (long s : seconds) {
            for (int n : nanos) {
                Instant t = Instant.ofEpochSecond(s, n);
                assertEquals(t.toString(), InstantText.of(t));
            }
        }
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L),
                    random.nextInt(4) == 0 ? random.nextInt(1000) * 1_000_000 : random.nextInt(1_000_000_000));
            assertEquals(t.toString(), InstantText.of(t));
            Instant now = Instant.now().plusNanos(i);
            assertEquals(now.toString(), InstantText.of(now));
        }
    }
}
