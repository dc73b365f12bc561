package dev.rigging.istiod.webhook;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * {@code RequestLimits} refuses what the webhooks will never process before its body is read:
 * malformed HTTP (400), unknown paths (404), methods other than POST (405), content types other
 * than {@code application/json} (415, as istiod answers) and declared lengths over the limit
 * (413). A refused request is answered at once and its connection closed; its body is never
 * buffered. A body of known length up to {@link #DRAIN_FACTOR} times the limit is read and thrown
 * away first (as Go's servers linger), so that the client, still sending, reads the answer instead
 * of a connection reset; anything longer or of unknown length is cut off at once. Connections
 * that stay idle are closed, so slow or silent clients cannot hold them open.
 */
final class RequestLimits extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = Logger.getLogger(RequestLimits.class);

  static final int DRAIN_FACTOR = 4;

  private final Set<String> paths;
  private final long maxBytes;
  private boolean discarding;

  RequestLimits(Set<String> paths, long maxBytes) {
    this.paths = Set.copyOf(paths);
    this.maxBytes = maxBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      discarding = false;
      String refusal = refusal(request);
      if (refusal != null) {
        long length = HttpUtil.getContentLength(request, -1L);
        boolean drain = !request.decoderResult().isFailure() && length >= 0 && length <= DRAIN_FACTOR * maxBytes
            && !(msg instanceof LastHttpContent);
        discarding = true;
        ReferenceCountUtil.release(msg);
        HttpResponseStatus status = HttpResponseStatus.valueOf(Integer.parseInt(refusal.substring(0, 3)));
        reply(ctx, status, refusal.substring(4), status.code() == 405 ? "POST" : null, !drain);
        return;
      }
    } else if (msg instanceof HttpContent && discarding) {
      boolean last = msg instanceof LastHttpContent;
      ReferenceCountUtil.release(msg);
      if (last) {
        ctx.close();
      }
      return;
    }
    ctx.fireChannelRead(msg);
  }

  /** {@code "CODE reason"} when the request is refused, null when it may proceed. */
  private String refusal(HttpRequest request) {
    if (request.decoderResult().isFailure()) {
      return "400 malformed HTTP request: " + request.decoderResult().cause().getMessage();
    }
    String path = new QueryStringDecoder(request.uri()).path();
    if (!paths.contains(path)) {
      return "404 no webhook at " + abbreviate(path) + "; paths: " + String.join(", ", paths.stream().sorted().toList());
    }
    if (request.method() != HttpMethod.POST) {
      return "405 " + request.method() + " is not allowed; use POST";
    }
    String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
    String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")) {
      return "415 invalid Content-Type \"" + abbreviate(type) + "\", want application/json";
    }
    if (HttpUtil.getContentLength(request, -1L) > maxBytes) {
      return "413 request body of " + HttpUtil.getContentLength(request, -1L) + " bytes exceeds the limit of "
          + maxBytes + " bytes";
    }
    return null;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      LOG.debugf("webhook connection %s idle, closing", ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // TLS handshake failures, resets and garbage end here: one connection is lost, never the server.
    LOG.debugf("webhook connection %s failed: %s", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  static void reply(ChannelHandlerContext ctx, HttpResponseStatus status, String text, String allow) {
    reply(ctx, status, text, allow, true);
  }

  /** Answers and, when {@code close}, closes the connection once the answer is written. */
  static void reply(ChannelHandlerContext ctx, HttpResponseStatus status, String text, String allow, boolean close) {
    LOG.debugf("webhook %s refused: %d %s", ctx.channel().remoteAddress(), status.code(), text);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    if (allow != null) {
      response.headers().set(HttpHeaderNames.ALLOW, allow);
    }
    var written = ctx.writeAndFlush(response);
    if (close) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static String abbreviate(String s) {
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() <= 80 ? printable : printable.substring(0, 80) + "…";
  }
}
