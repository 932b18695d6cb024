package dev.yakata.adapter.bacnet.codec;

import java.util.Arrays;
import java.util.Random;

/** Mutations that aim at a length-prefixed, tagged format: flips, truncations, inserted lengths and tags. */
final class Mutator {

    private static final int[] INTERESTING = {0x00, 0x01, 0x05, 0x06, 0x07, 0x0E, 0x0F, 0x3E, 0x3F, 0x7F, 0x80, 0xF9,
        0xFD, 0xFE, 0xFF};

    private Mutator() {
    }

    static byte[] mutate(byte[] seed, Random random) {
        byte[] data = seed.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds && data.length > 0; r++) {
            int at = random.nextInt(data.length);
            switch (random.nextInt(8)) {
                case 0 -> data[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> data[at] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
                case 2 -> data = Arrays.copyOf(data, at); // truncate
                case 3 -> data = insert(data, at, new byte[] {(byte) INTERESTING[random.nextInt(INTERESTING.length)]});
                case 4 -> data = remove(data, at);
                case 5 -> data = insert(data, at, Arrays.copyOfRange(data, at, Math.min(data.length,
                        at + 1 + random.nextInt(8)))); // duplicate a run, e.g. a tag
                case 6 -> data[at] = (byte) random.nextInt(256);
                default -> {
                    // keep the BVLL length consistent so the mutation reaches the inner layers
                }
            }
        }
        if (data.length >= 4 && random.nextInt(4) != 0) {
            data[2] = (byte) (data.length >>> 8);
            data[3] = (byte) data.length;
        }
        return data;
    }

    private static byte[] insert(byte[] data, int at, byte[] extra) {
        byte[] out = new byte[data.length + extra.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(data, at, out, at + extra.length, data.length - at);
        return out;
    }

    private static byte[] remove(byte[] data, int at) {
        byte[] out = new byte[data.length - 1];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(data, at + 1, out, at, data.length - at - 1);
        return out;
    }
}
