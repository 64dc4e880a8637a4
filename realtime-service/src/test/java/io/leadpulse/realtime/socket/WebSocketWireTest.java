package io.leadpulse.realtime.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The frames written once per broadcast are byte for byte what Netty's server encoder writes. */
class WebSocketWireTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 1_000, 65_535, 65_536, 200_000})
    void framesATextPayloadExactlyAsNettysServerEncoderDoes(int length) {
        byte[] payload =
                "é".repeat(length / 2).concat(length % 2 == 1 ? "x" : "").getBytes(StandardCharsets.UTF_8);
        assertThat(payload).hasSize(length);

        ByteBuf ours = WebSocketWire.textFrame(ByteBufAllocator.DEFAULT, payload);
        ByteBuf netty = nettyServerFrame(payload);
        try {
            assertThat(ours.isDirect()).isTrue();
            assertThat(ByteBufUtil.getBytes(ours)).isEqualTo(ByteBufUtil.getBytes(netty));
        } finally {
            ours.release();
            netty.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 126, 70_000})
    void bytesWrittenThroughTheWebSocketEncoderPassUnchanged(int length) {
        byte[] payload = "a".repeat(length).getBytes(StandardCharsets.UTF_8);
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        ByteBuf ours = WebSocketWire.textFrame(ByteBufAllocator.DEFAULT, payload);
        byte[] expected = ByteBufUtil.getBytes(ours);

        channel.writeOutbound(ours);

        ByteBuf out = Unpooled.buffer();
        for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
            out.writeBytes(part);
            part.release();
        }
        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(expected);
        channel.finishAndReleaseAll();
    }

    private static ByteBuf nettyServerFrame(byte[] payload) {
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        channel.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
            all.writeBytes(part);
            part.release();
        }
        channel.finishAndReleaseAll();
        return all;
    }
}
