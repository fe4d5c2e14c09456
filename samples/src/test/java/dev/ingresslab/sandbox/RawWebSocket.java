package dev.ingresslab.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written byte for byte (RFC 6455): the opening handshake on a {@link RawHttp} connection, then
 * the server's frames as they come, so that a test can read slowly, not at all, or see exactly how a watch ends.
 */
final class RawWebSocket implements AutoCloseable {

    /** One frame from the server: its opcode (1 text, 8 close, 9 ping, 10 pong) and payload. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** A close frame's status code (RFC 6455 §5.5.1); 1005 when it carries none. */
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    /** The answer's head to the opening handshake, status line first. */
    final String head;

    private RawWebSocket(Socket socket, String head) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.head = head;
    }

    /**
     * Sends the opening handshake for {@code target} with {@code headers} (CRLF line ends added, a valid key and
     * version 13 unless {@code headers} gives its own) and reads the answer's head.
     */
    static RawWebSocket open(RawHttp server, String target, String headers, int receiveBuffer) throws IOException {
        Socket socket = server.connect(receiveBuffer);
        String key = Base64.getEncoder().encodeToString(new byte[16]);
        String handshake = "GET " + target + " HTTP/1.1\n" + headers + "Upgrade: websocket\nConnection: Upgrade\n"
                + (headers.contains("Sec-WebSocket-Key") ? "" : "Sec-WebSocket-Key: " + key + "\n")
                + (headers.contains("Sec-WebSocket-Version") ? "" : "Sec-WebSocket-Version: 13\n") + "\n";
        socket.getOutputStream().write(handshake.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        StringBuilder head = new StringBuilder();
        var input = socket.getInputStream();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = input.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return new RawWebSocket(socket, head.toString());
    }

    /** The status code of the handshake's answer: 101 when the connection is now a WebSocket. */
    int status() {
        return head.length() > 12 ? Integer.parseInt(head.substring(9, 12)) : 0;
    }

    /** The rest of a refused handshake's answer (its Status), read until the server closes. */
    String refusal() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The next frame (fragments are not expected: the sandbox sends each event whole); EOFException at the end. */
    Frame next() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        if ((second & 0x80) != 0) {
            throw new IOException("a server's frame must not be masked (RFC 6455 §5.1)");
        }
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** The next text frame, skipping pings; fails on a close frame or the end of the stream. */
    String nextText() throws IOException {
        while (true) {
            Frame frame = next();
            if (frame.opcode() == 1) {
                return frame.text();
            }
            if (frame.opcode() == 8) {
                throw new EOFException("closed with " + frame.closeCode());
            }
        }
    }

    /** Sends a masked text frame, as a client must (RFC 6455 §5.3). */
    void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | payload.length); // short messages only
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        socket.getOutputStream().write(frame.toByteArray());
        socket.getOutputStream().flush();
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
