package dev.rigging.istiod.webhook;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * {@code WebhookRequestHandler} turns one complete HTTP request into an admission decision: an
 * empty body is a 400 ({@code no body found}, as istiod says), a body that is not an
 * AdmissionReview v1 request a 400 naming what is wrong, anything else goes to the path's
 * {@link AdmissionController} and is answered with an AdmissionReview (200). A controller that
 * fails is answered with a refusal (so the API server applies the webhook's failure policy) and
 * logged; the server carries on.
 */
final class WebhookRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = Logger.getLogger(WebhookRequestHandler.class);

  private final Map<String, AdmissionController> routes;

  WebhookRequestHandler(Map<String, AdmissionController> routes) {
    this.routes = Objects.requireNonNull(routes, "routes");
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = new QueryStringDecoder(request.uri()).path();
    AdmissionController controller = routes.get(path);
    if (controller == null) {
      RequestLimits.reply(ctx, HttpResponseStatus.NOT_FOUND, "no webhook at " + path, null);
      return;
    }
    if (request.content().readableBytes() == 0) {
      RequestLimits.reply(ctx, HttpResponseStatus.BAD_REQUEST, "no body found", null);
      return;
    }
    AdmissionRequest admission;
    try {
      admission = AdmissionReviews.read(ByteBufUtil.getBytes(request.content()));
    } catch (AdmissionReviews.InvalidReviewException e) {
      RequestLimits.reply(ctx, HttpResponseStatus.BAD_REQUEST, "could not decode body: " + e.getMessage(), null);
      return;
    }
    AdmissionResponse response;
    try {
      response = controller.admit(admission);
    } catch (RuntimeException e) {
      LOG.errorf(e, "webhook path=%s object=%s uid=%s failed", path, admission.describe(), admission.uid());
      response = AdmissionResponse.deny(500, "internal error in istiod-lite's " + path + " webhook: " + e);
    }
    byte[] body = AdmissionReviews.write(admission.uid(), response);
    FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.wrappedBuffer(body));
    out.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    HttpUtil.setKeepAlive(out, HttpUtil.isKeepAlive(request));
    ctx.writeAndFlush(out);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debugf("webhook connection %s failed: %s", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
