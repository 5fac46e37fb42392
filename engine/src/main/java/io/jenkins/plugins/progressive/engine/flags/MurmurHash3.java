package io.jenkins.plugins.progressive.engine.flags;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3 x86 32-bit, seed 0, over UTF-8: the hash flagd's {@code fractional} buckets with (Go
 * {@code twmb/murmur3.StringSum32}, Java {@code commons-codec MurmurHash3.hash32x86}). Written out here so the engine
 * jar needs no codec dependency; the tests pin it to commons-codec.
 */
final class MurmurHash3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private MurmurHash3() {
    }

    static int hash32(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        int length = data.length;
        int blocks = length >>> 2;
        int h = 0;
        for (int i = 0; i < blocks; i++) {
            int offset = i << 2;
            int k = (data[offset] & 0xff) | (data[offset + 1] & 0xff) << 8 | (data[offset + 2] & 0xff) << 16
                    | (data[offset + 3] & 0xff) << 24;
            h ^= mixK(k);
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        int tail = blocks << 2;
        int remaining = length & 3;
        if (remaining > 0) {
            int k = 0;
            if (remaining == 3) {
                k ^= (data[tail + 2] & 0xff) << 16;
            }
            if (remaining >= 2) {
                k ^= (data[tail + 1] & 0xff) << 8;
            }
            k ^= data[tail] & 0xff;
            h ^= mixK(k);
        }
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static int mixK(int k) {
        return Integer.rotateLeft(k * C1, 15) * C2;
    }
}
