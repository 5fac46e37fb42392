package io.jenkins.plugins.progressive.engine.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The hash flagd buckets with; a wrong bit here moves users between variants. */
class MurmurHash3Test {

    @ParameterizedTest(name = "murmur3_32(\"{0}\") = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                            | 00000000
            a                                             | 3c2569b2
            hello                                         | 248bfa47
            The quick brown fox jumps over the lazy dog   | 2e4ff723
            """)
    void matchesTheReferenceVectors(String text, String hex) {
        assertThat(MurmurHash3.hash32(text)).isEqualTo(Integer.parseUnsignedInt(hex, 16));
    }

    @Test
    void agreesWithCommonsCodecAsUsedByFlagdJavaForAnyLengthAndMultibyteText() {
        Random random = new Random(7);
        String alphabet = "abcXYZ019-_@.äöü€😀";
        for (int i = 0; i < 5000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                        random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            assertThat(MurmurHash3.hash32(text.toString()))
                    .as(text.toString())
                    .isEqualTo(org.apache.commons.codec.digest.MurmurHash3.hash32x86(bytes, 0, bytes.length, 0));
        }
    }
}
