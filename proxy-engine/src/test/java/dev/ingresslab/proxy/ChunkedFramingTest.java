package dev.ingresslab.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The chunked-body check, fed as the network delivers bytes: in pieces of any size, with the same verdict. */
class ChunkedFramingTest {

    /** The verdict on {@code body} fed in pieces of {@code piece} bytes: the fault, "done", or "more". */
    private static String verdict(String body, int piece) {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        ChunkedFraming framing = new ChunkedFraming();
        for (int at = 0; at < bytes.length; at += piece) {
            String fault = framing.check(ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at)));
            if (fault != null) {
                return fault;
            }
        }
        return framing.done() ? "done" : "more";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "5\\r\\nhello\\r\\n0\\r\\n\\r\\n"                    | done
            "5;a=b;c\\r\\nhello\\r\\n0\\r\\nX-T: 1\\r\\n\\r\\n"   | done
            "00000000000000000005\\r\\nhello\\r\\n0\\r\\n\\r\\n" | done
            "5 ;a\\r\\nhello\\r\\n0\\r\\n\\r\\n"                 | done
            "5\\r\\nhel"                                       | more
            "zz\\r\\n"                                         | a chunk size line starts with 'z' where a hexadecimal size must be
            "\\r\\n"                                           | a chunk size line starts with the byte 0x0D where a hexadecimal size must be
            "0x5\\r\\n"                                        | a chunk size holds 'x': sizes are hexadecimal digits only
            "1000000000000000\\r\\n"                           | a chunk size has more than 15 hexadecimal digits
            "5\\rhello"                                        | a chunk size line ends in CR without LF
            "3\\r\\nhello\\r\\n"                               | a chunk's data is longer than its size (or not followed by CR LF)
            "3\\r\\nhel\\rX"                                   | a chunk's data is not followed by CR LF
            "0\\r\\nX-T\\r\\n\\r\\n"                           | a trailer line has no colon: it is not a field
            "0\\r\\n\\tX-T: 1\\r\\n\\r\\n"                     | a trailer line is folded (obs-fold, RFC 9112 §5.2)
            """)
    void theVerdictIsTheSameWhateverThePieces(String escaped, String expected) {
        String body = escaped.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
        for (int piece = 1; piece <= body.length(); piece++) {
            assertThat(verdict(body, piece)).as("pieces of %d", piece).isEqualTo(expected);
        }
    }

    @Test
    void sizeLinesAndTrailersAreBounded() {
        assertThat(verdict("5;" + "x".repeat(ChunkedFraming.MAX_LINE) + "\r\n", 512))
                .isEqualTo("a chunk size line (with its extensions) is longer than 4096 bytes");
        assertThat(verdict("5;" + "x".repeat(ChunkedFraming.MAX_LINE - 3) + "\r\nhello\r\n0\r\n\r\n", 512))
                .isEqualTo("done");
        assertThat(verdict("0\r\n" + "X-T: 1\r\n".repeat(ChunkedFraming.MAX_TRAILERS / 8 + 1) + "\r\n", 4096))
                .isEqualTo("the trailer section is larger than 16384 bytes");
    }

    @Test
    void bytesAfterTheLastChunkAreNotLookedAt() {
        ChunkedFraming framing = new ChunkedFraming();
        assertThat(framing.check(ByteBuffer.wrap("0\r\n\r\nGET /next HTTP/1.1\r\n\u0000".getBytes(
                StandardCharsets.ISO_8859_1)))).isNull();
        assertThat(framing.done()).isTrue();
    }
}
