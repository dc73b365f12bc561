package dev.rigging.istiod.dataplane;

import com.google.protobuf.StringValue;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code Backend} is a real gRPC server on loopback playing one version of a demo service: it
 * answers {@code reviews.Reviews/GetReview} with its own name, so callers can see which version
 * served them. A request {@code sleep:MILLIS} answers after that delay (to exercise timeouts).
 */
public final class Backend implements AutoCloseable {
  public static final String SERVICE = "reviews.Reviews";
  public static final MethodDescriptor<StringValue, StringValue> GET_REVIEW =
      MethodDescriptor.<StringValue, StringValue>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "GetReview"))
          .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .build();

  private final String name;
  private final Server server;
  private final AtomicLong calls = new AtomicLong();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "backend-timer");
    t.setDaemon(true);
    return t;
  });

  /** Starts a backend named {@code name} on 127.0.0.1:{@code port} (0 picks a free port). */
  public Backend(String name, int port) {
    this.name = name;
    ServerServiceDefinition def = ServerServiceDefinition.builder(SERVICE)
        .addMethod(GET_REVIEW, ServerCalls.asyncUnaryCall((req, resp) -> {
          calls.incrementAndGet();
          String text = req.getValue();
          if (text.startsWith("sleep:")) {
            long ms = Long.parseLong(text.substring(6));
            timer.schedule(() -> {
              resp.onNext(StringValue.of(name));
              resp.onCompleted();
            }, ms, TimeUnit.MILLISECONDS);
            return;
          }
          if (text.equals("fail")) {
            resp.onError(Status.INTERNAL.withDescription(name + " failed on request").asRuntimeException());
            return;
          }
          resp.onNext(StringValue.of(name));
          resp.onCompleted();
        }))
        .build();
    try {
      server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
          .addService(def)
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start backend " + name + " on port " + port, e);
    }
  }

  public String name() {
    return name;
  }

  public int port() {
    return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  /** Calls served so far. */
  public long calls() {
    return calls.get();
  }

  @Override
  public void close() {
    server.shutdownNow();
    timer.shutdownNow();
  }
}
