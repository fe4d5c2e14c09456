package dev.ingresslab.proxy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lean path's framing, fed as the network delivers it: in pieces of any size. */
class LeanFramingTest {

    private static final String CHUNKED = "4\r\nWiki\r\n6;name=value\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n"
            + "0\r\nExpires: never\r\n\r\n";

    @Test
    void chunkedBodiesDecodeWhateverTheReadBoundaries() throws Exception {
        byte[] encoded = CHUNKED.getBytes(StandardCharsets.ISO_8859_1);
        for (int piece = 1; piece <= encoded.length; piece++) {
            ChunkedBody body = new ChunkedBody();
            ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            for (int at = 0; at < encoded.length; at += piece) {
                ByteBuffer in = ByteBuffer.wrap(encoded, at, Math.min(piece, encoded.length - at));
                for (ByteBuffer data = body.next(in); data != null; data = body.next(in)) {
                    while (data.hasRemaining()) {
                        decoded.write(data.get());
                    }
                }
                assertThat(in.hasRemaining()).isFalse();
            }
            assertThat(body.done()).as("pieces of %d", piece).isTrue();
            assertThat(decoded.toString(StandardCharsets.ISO_8859_1)).isEqualTo("Wikipedia in \r\n\r\nchunks.");
        }
    }

    @Test
    void badChunkFramingIsRefused() {
        assertThatThrownBy(() -> new ChunkedBody().next(ByteBuffer.wrap("zz\r\n".getBytes())))
                .hasMessageContaining("not hexadecimal");
        assertThatThrownBy(() -> {
            ChunkedBody body = new ChunkedBody();
            ByteBuffer in = ByteBuffer.wrap("2\r\nabc\r\n".getBytes());
            while (body.next(in) != null) {
                // the data before the framing error
            }
        }).hasMessageContaining("longer than its size");
        assertThatThrownBy(() -> new ChunkedBody().next(ByteBuffer.wrap("\r\n".getBytes())))
                .hasMessageContaining("no size");
        for (String after : new String[] {"\n", "\r\r\n", "\rX"}) {
            assertThatThrownBy(() -> {
                ChunkedBody body = new ChunkedBody();
                ByteBuffer in = ByteBuffer.wrap(("3\r\nabc" + after + "0\r\n\r\n").getBytes());
                while (body.next(in) != null) {
                    // the data before the framing error
                }
            }).as("data followed by %s", after.replace("\r", "CR").replace("\n", "LF"))
                    .hasMessageContaining("not followed by CR LF");
        }
    }

    @Test
    void aResponseHeadIsReadOnceWholeAndSaysHowTheBodyIsFramed() throws Exception {
        String text = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nSet-Cookie: a=1\r\n"
                + "Set-Cookie: b=2\r\n\r\nhello";
        ByteBuffer partial = ByteBuffer.wrap(text.substring(0, 30).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(read(partial)).as("not all of it yet").isNull();
        assertThat(partial.position()).isZero();

        ByteBuffer whole = ByteBuffer.allocateDirect(text.length());
        whole.put(text.getBytes(StandardCharsets.ISO_8859_1)).flip();
        ResponseHead head = read(whole);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.contentLength()).isEqualTo(5);
        assertThat(fields(head))
                .containsExactly("Content-Type=text/plain", "Content-Length=5", "Set-Cookie=a=1", "Set-Cookie=b=2");
        assertThat(whole.remaining()).as("the body is left").isEqualTo(5);

        ResponseHead chunked = read(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\n"
                + "Transfer-Encoding: gzip, chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(chunked.chunked()).isTrue();
        assertThat(chunked.contentLength()).isEqualTo(-1);
        assertThat(read(ByteBuffer.wrap("HTTP/1.0 200 OK\r\n\r\n".getBytes())).close()).isTrue();
        assertThat(read(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".getBytes()))
                .close()).isTrue();
    }

    @Test
    void theConnectionHeaderIsReadAsTokens() throws Exception {
        ResponseHead options = read(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nConnection: X-Closing-Soon, "
                + "keep-alive\r\nConnection: x-other\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(options.close()).as("no close token, only one that contains the word").isFalse();
        assertThat(options.connectionOptions()).containsExactly("x-closing-soon", "x-other");
        assertThat(HopByHop.is(io.undertow.util.HttpString.tryFromString("X-Other"), options.connectionOptions()))
                .isTrue();

        ResponseHead http10 = read(ByteBuffer.wrap(("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(http10.close()).as("HTTP/1.0 asking to keep the connection").isFalse();
        assertThat(http10.connectionOptions()).isEmpty();
        assertThat(read(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nConnection: keep-alive, CLOSE\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1))).close()).isTrue();
    }

    @Test
    void theFieldsThatGoOnAreCopiedAsTheyCameAndNoOthers() throws Exception {
        ResponseHead head = parse("HTTP/1.1 200 OK\r\nServer: a\r\nConnection: keep-alive, X-Private\r\n"
                + "X-Odd:\tspaced \r\nX-PRIVATE: 1\r\nKeep-Alive: timeout=5\r\ncontent-length: 007\r\n"
                + "X-Ingress-Lab-Route: spoofed\r\nDate: Thu, 26 Nov 2026 13:00:00 GMT\r\n"
                + "Set-Cookie: a=1\r\n\r\n");

        assertThat(copied(head)).isEqualTo("Server: a\r\nX-Odd:\tspaced \r\nDate: Thu, 26 Nov 2026 13:00:00 GMT\r\n"
                + "Set-Cookie: a=1\r\n");
        assertThat(head.dated()).isTrue();
        assertThat(head.lengthToForward(false)).as("the length in its plain form").isEqualTo(7);
        assertThat(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\n").close())
                .as("Transfer-Encoding that is not chunked: the body ends with the connection").isTrue();
        assertThat(parse("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n").lengthToForward(false))
                .as("a 204 carries no length").isEqualTo(-1);
        assertThat(parse("HTTP/1.1 200 OK\r\nConnection: Date\r\nDate: x\r\n\r\n").dated())
                .as("a Date the Connection header names is not forwarded").isFalse();
    }

    @Test
    void aLineBreakOrNulInsideAFieldBecomesASpace() throws Exception {
        ResponseHead head = parse("HTTP/1.1 200 OK\r\nX-A: one\ntwo\r\nX-B: a\rb\r\nX-C: c\0d\r\n\r\n");

        assertThat(fields(head)).containsExactly("X-A=one two", "X-B=a b", "X-C=c d");
        assertThat(copied(head)).as("no line the client could split").isEqualTo("X-A: one two\r\nX-B: a b\r\n"
                + "X-C: c d\r\n");
    }

    @Test
    void aHeadReadIntoTheSameHolderKeepsNothingOfTheOneBefore() throws Exception {
        ResponseHead head = new ResponseHead();
        ByteBuffer large = ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nX-Large: " + "l".repeat(5000) + "\r\nContent-Length: 3\r\n"
                + "Connection: X-A\r\nX-A: 1\r\n\r\nabc").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(head.read(large)).as("a head larger than the first copy").isTrue();
        assertThat(large.remaining()).as("the body is left").isEqualTo(3);
        assertThat(head.connectionOptions()).containsExactly("x-a");

        assertThat(head.read(ByteBuffer.wrap("HTTP/1.1 204 No Content\r\nServer: s\r\n\r\n".getBytes()))).isTrue();
        assertThat(head.status()).isEqualTo(204);
        assertThat(head.contentLength()).isEqualTo(-1);
        assertThat(head.connectionOptions()).isEmpty();
        assertThat(fields(head)).containsExactly("Server=s");
        assertThat(copied(head)).isEqualTo("Server: s\r\n");
    }

    /** Every field, in order, as name=value. */
    private static List<String> fields(ResponseHead head) {
        List<String> fields = new ArrayList<>();
        for (int field = 0; field < head.fieldCount(); field++) {
            fields.add(head.name(field) + "=" + head.value(field));
        }
        return fields;
    }

    private static ResponseHead parse(String head) throws ResponseHead.Malformed {
        return read(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** The head at the buffer's position, or null when not all of it is there. */
    private static ResponseHead read(ByteBuffer in) throws ResponseHead.Malformed {
        ResponseHead head = new ResponseHead();
        return head.read(in) ? head : null;
    }

    private static String copied(ResponseHead head) {
        HeadComposer composer = HeadComposer.ofThisThread();
        head.copyEndToEnd(composer);
        ByteBuffer out = ByteBuffer.allocate(composer.length());
        composer.copyTo(out);
        return new String(out.array(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void malformedHeadsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> read(ByteBuffer.wrap("HTTP/1.1 2x0 OK\r\n\r\n".getBytes())))
                .hasMessageContaining("has no status code");
        assertThatThrownBy(() -> read(ByteBuffer.wrap("HTTP/1.1 200 OK\r\n no-name\r\n\r\n"
                .getBytes()))).hasMessageContaining("is malformed");
        assertThatThrownBy(() -> read(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"
                + "Content-Length: 2\r\n\r\n").getBytes()))).hasMessageContaining("two different Content-Length");
        assertThatThrownBy(() -> parse("HTTP/1.1 2000 OK\r\n\r\n")).hasMessageContaining("has no status code");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\n"))
                .hasMessageContaining("has whitespace before its colon");
        for (String both : new String[] {"Content-Length: 2\r\nTransfer-Encoding: chunked",
                "Transfer-Encoding: chunked\r\nContent-Length: 2", "Transfer-Encoding: gzip\r\nContent-Length: 2"}) {
            assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\n" + both + "\r\n\r\n")).as(both)
                    .hasMessageContaining("both Content-Length and Transfer-Encoding");
        }
        for (String length : new String[] {"+5", "-1", "5, 5", "", "99999999999999999999"}) {
            assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n"))
                    .as(length).hasMessageContaining("is not a length");
        }
    }
}
