package io.leadpulse.realtime.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A server-to-client WebSocket text frame as it goes on the wire (RFC 6455 section 5.2): FIN and
 * opcode 1, no mask, the payload length in 7, 7+16 or 7+64 bits, then the payload.
 */
final class WebSocketWire {

    private static final int FIN_TEXT = 0x81;

    private WebSocketWire() {}

    /** A direct buffer holding the whole frame; the caller owns its one reference. */
    static ByteBuf textFrame(ByteBufAllocator alloc, byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf frame = alloc.directBuffer(header + length);
        frame.writeByte(FIN_TEXT);
        if (length < 126) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126);
            frame.writeShort(length);
        } else {
            frame.writeByte(127);
            frame.writeLong(length);
        }
        return frame.writeBytes(payload);
    }
}
