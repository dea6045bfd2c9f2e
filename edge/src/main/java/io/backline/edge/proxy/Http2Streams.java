package io.backline.edge.proxy;

import io.backline.edge.EdgeRuntime;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/2 to clients: Netty's frame codec and multiplexer on the connection, and on each stream's
 * child channel {@link Http2StreamFrameToHttpObjectCodec} (frames to and from the HTTP/1 objects the
 * proxy handles) and a {@link ClientConnection} of its own, so a stream is one exchange exactly as a
 * request on HTTP/1.1 is. The codec leaves out the connection-specific headers (Connection,
 * Keep-Alive, Proxy-Connection, Transfer-Encoding, Upgrade) on the way out, and the frame decoder
 * refuses them on the way in (RFC 9113 §8.2.2).
 *
 * <p>Limits (docs/edge-tls.md): {@link #MAX_CONCURRENT_STREAMS} streams at once, the header list
 * bounded as the HTTP/1 header block is, windows of {@link #STREAM_WINDOW} per stream and
 * {@link #CONNECTION_WINDOW} per connection, and rapid reset (CVE-2023-44487) stopped by
 * {@link #MAX_RST_PER_WINDOW} resets per {@link #RST_WINDOW_SECONDS} s: beyond them the connection
 * ends with GOAWAY ENHANCE_YOUR_CALM. A reset stream closes its child channel, and its exchange
 * aborts the origin request (closing that origin connection) as for a client that goes away.
 */
@ChannelHandler.Sharable
final class Http2Streams extends ChannelInitializer<Http2StreamChannel> {
    private static final System.Logger LOG = System.getLogger("io.backline.edge.proxy");
    static final int MAX_CONCURRENT_STREAMS = 100;
    static final int STREAM_WINDOW = 256 * 1024;
    static final int CONNECTION_WINDOW = 1024 * 1024;
    static final int MAX_RST_PER_WINDOW = 200;
    static final int RST_WINDOW_SECONDS = 30;
    /** Flushes that reach the socket at once even inside a read loop (Netty's default), bounding what a batch holds back. */
    private static final int FLUSH_AFTER = FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES;
    /** RFC 9113 §6.9.2: every window starts at 65,535 until SETTINGS or WINDOW_UPDATE changes it. */
    private static final int DEFAULT_WINDOW = 65_535;

    private final EdgeRuntime runtime;
    private final ResponseWriter writer;
    /** Both keep nothing per stream (Netty's codec is {@code @Sharable}): one each for every stream, not two objects per request. */
    private final Http2StreamFrameToHttpObjectCodec http = new Http2StreamFrameToHttpObjectCodec(true);
    private final StreamRequestSplit split = new StreamRequestSplit();

    Http2Streams(EdgeRuntime runtime, ResponseWriter writer) {
        this.runtime = runtime;
        this.writer = writer;
    }

    /** Adds the connection's HTTP/2 handlers after TLS, in order: frame codec → multiplexer (a child channel per stream) → idle close. */
    void configure(ChannelPipeline pipeline) {
        var config = runtime.config();
        var settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                .maxHeaderListSize(config.maxRequestHeaderBytes())
                .initialWindowSize(STREAM_WINDOW); // no ENABLE_PUSH: only a client may send it (RFC 9113 §6.5.2)
        var codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(settings)
                .validateHeaders(true)
                .decoderEnforceMaxRstFramesPerWindow(MAX_RST_PER_WINDOW, RST_WINDOW_SECONDS)
                .headerSensitivityDetector(Http2Streams::neverIndexed)
                .build();
        long idleMillis = config.clientIdleTimeout().toMillis();
        // Responses finish on origin reads, one stream at a time: without consolidation each one
        // would be its own TLS record and send(2). Flushes outside a read of this connection wait for
        // the end of the event loop's current batch, so streams finished together leave together.
        pipeline.addLast("flush", new FlushConsolidationHandler(FLUSH_AFTER, true))
                .addLast("h2", codec)
                .addLast("streams", new Http2MultiplexHandler(this))
                .addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                .addLast("idle-close", new IdleClose(codec));
        pipeline.channel().writeAndFlush(new DefaultHttp2WindowUpdateFrame(CONNECTION_WINDOW - DEFAULT_WINDOW));
    }

    /**
     * X-Timer differs in every response: entered into HPACK's dynamic table (4 KiB by default) it
     * would push out the headers that repeat (Server, Via, X-Served-By, Content-Type, …) every few
     * dozen responses, so each of those would be sent as a literal and entered again. Sent as a
     * literal that is never indexed, it leaves the table to them.
     */
    private static boolean neverIndexed(CharSequence name, CharSequence value) {
        return AsciiString.contentEqualsIgnoreCase(name, EdgeHeaders.X_TIMER);
    }

    @Override
    protected void initChannel(Http2StreamChannel stream) {
        stream.pipeline()
                .addLast("http", http)
                .addLast("split", split)
                .addLast("proxy", ClientConnection.forStream(runtime, writer));
    }

    /** Closes (with GOAWAY) a connection that moved nothing for the client idle timeout and has no stream open. */
    private static final class IdleClose extends ChannelInboundHandlerAdapter {
        private final Http2FrameCodec codec;

        IdleClose(Http2FrameCodec codec) {
            this.codec = codec;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent && codec.connection().numActiveStreams() == 0) {
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        /** The frame codec's connection errors (rapid reset, a protocol error) end here: it has sent GOAWAY already. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(System.Logger.Level.DEBUG, () -> "HTTP/2 client connection: " + cause);
            ctx.close();
        }
    }
}
