package dev.yakata.adapter.bacnet.codec;

import java.util.Random;

/** Lets tests in other packages use the fuzzer's mutations. */
public final class FuzzAccess {

    private FuzzAccess() {
    }

    /** @return a mutation of {@code seed} */
    public static byte[] mutate(byte[] seed, Random random) {
        return Mutator.mutate(seed, random);
    }
}
