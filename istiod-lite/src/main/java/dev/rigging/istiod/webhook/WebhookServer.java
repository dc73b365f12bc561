package dev.rigging.istiod.webhook;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * {@code WebhookServer} serves the admission webhooks over HTTPS/1.1: a small Netty server whose
 * TLS is the same BCJSSE-on-FIPS stack as the CA's port 15012, with a serving certificate read at
 * every handshake (so renewals need no restart).
 *
 * <p>Netty rather than Quarkus' HTTP server: Vert.x builds its TLS from key stores or PEM files
 * and has no hook for a key manager that follows a certificate rotating in memory, and it would
 * share the monitoring port's server. Netty is already what the gRPC ports run on.
 *
 * <p>Every request is bounded: headers by the codec's limits, bodies by {@code maxRequestBytes}
 * (413 beyond it, without reading more), idle connections closed after {@code idleTimeout}.
 * Admission decisions run on their own small executor so a large document never stalls I/O.
 */
public final class WebhookServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WebhookServer.class);
  private static final int MAX_INITIAL_LINE = 4096;
  private static final int MAX_HEADERS = 16 * 1024;

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final EventExecutorGroup admission;
  private final Channel channel;

  private WebhookServer(EventLoopGroup boss, EventLoopGroup workers, EventExecutorGroup admission, Channel channel) {
    this.boss = boss;
    this.workers = workers;
    this.admission = admission;
    this.channel = channel;
  }

  /**
   * Starts listening.
   *
   * @param routes controller by exact path, e.g. {@code /inject}
   */
  public static WebhookServer start(InetSocketAddress address, SslContext tls, Map<String, AdmissionController> routes,
      int maxRequestBytes, Duration idleTimeout) throws InterruptedException {
    Objects.requireNonNull(tls, "tls");
    Map<String, AdmissionController> paths = Map.copyOf(routes);
    EventLoopGroup boss = new NioEventLoopGroup(1, daemon("rigging-webhook-accept"));
    EventLoopGroup workers = new NioEventLoopGroup(2, daemon("rigging-webhook-io"));
    EventExecutorGroup admission = new DefaultEventExecutorGroup(2, daemon("rigging-webhook-admit"));
    try {
      Channel channel = new ServerBootstrap()
          .group(boss, workers)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 128)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline()
                  .addLast("idle", new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
                  .addLast("tls", tls.newHandler(ch.alloc()))
                  .addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, 64 * 1024))
                  // Refusals are answered before keep-alive tracking: they always close the connection.
                  .addLast("limits", new RequestLimits(paths.keySet(), maxRequestBytes))
                  .addLast("keep-alive", new HttpServerKeepAliveHandler())
                  .addLast("aggregate", new HttpObjectAggregator(maxRequestBytes))
                  .addLast(admission, "admit", new WebhookRequestHandler(paths));
            }
          })
          .bind(address).sync().channel();
      LOG.infof("webhook server listening on %s:%d (HTTPS, paths %s, max body %d bytes)", address.getHostString(),
          ((InetSocketAddress) channel.localAddress()).getPort(), paths.keySet(), maxRequestBytes);
      return new WebhookServer(boss, workers, admission, channel);
    } catch (InterruptedException | RuntimeException e) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      admission.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    admission.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    LOG.info("webhook server stopped");
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
