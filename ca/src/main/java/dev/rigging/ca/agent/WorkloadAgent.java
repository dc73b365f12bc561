package dev.rigging.ca.agent;

import dev.rigging.ca.api.IstioCertificateRequest;
import dev.rigging.ca.api.IstioCertificateResponse;
import dev.rigging.ca.api.IstioCertificateServiceGrpc;
import dev.rigging.ca.crypto.Fips;
import dev.rigging.ca.crypto.KeyAlgorithm;
import dev.rigging.ca.crypto.Pem;
import dev.rigging.ca.tls.TlsChannels;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * {@code WorkloadAgent} does for a proxyless gRPC workload what Istio's agent does for it: it
 * generates a key, has the CA sign it (authenticating with the workload's service-account token),
 * writes {@code cert-chain.pem}, {@code key.pem} and {@code root-cert.pem} where grpc's
 * {@code file_watcher} certificate provider reads them, writes the gRPC xDS bootstrap, and renews
 * the certificate at half of its lifetime. The workload is never restarted: grpc re-reads the files.
 *
 * <p>A failed renewal is retried with backoff while the current certificate stays in place.
 */
public final class WorkloadAgent implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WorkloadAgent.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> CLUSTER_ID = Metadata.Key.of("clusterid", Metadata.ASCII_STRING_MARSHALLER);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final AgentConfig config;
  private final ManagedChannel channel;
  private final ScheduledExecutorService scheduler;
  private final AtomicInteger issued = new AtomicInteger();
  private volatile X509Certificate leaf;
  private volatile Instant nextRenewal;

  private WorkloadAgent(AgentConfig config, ManagedChannel channel) {
    this.config = config;
    this.channel = channel;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rigging-agent-" + config.namespace());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts the agent: the first certificate is obtained before this returns (retrying for up to
   * {@code firstCertTimeout}), so the bootstrap it writes is immediately usable.
   */
  public static WorkloadAgent start(AgentConfig config, Duration firstCertTimeout)
      throws IOException, GeneralSecurityException {
    Objects.requireNonNull(config, "config");
    Fips.install();
    ManagedChannel channel = config.caRootFile().isPresent()
        ? TlsChannels.client(config.caAddress(),
            Pem.certificates(Files.readString(config.caRootFile().get(), StandardCharsets.US_ASCII)),
            config.caAuthority())
        : NettyChannelBuilder.forTarget(config.caAddress()).usePlaintext().build();
    WorkloadAgent agent = new WorkloadAgent(config, channel);
    try {
      agent.firstCertificate(firstCertTimeout);
      if (config.bootstrapFile().isPresent()) {
        GrpcBootstrap.write(agent.bootstrap(), config.bootstrapFile().get());
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      agent.close();
      throw e;
    }
    return agent;
  }

  private void firstCertificate(Duration timeout) throws IOException, GeneralSecurityException {
    Instant deadline = Instant.now().plus(timeout);
    Duration backoff = Duration.ofMillis(200);
    while (true) {
      try {
        renew();
        return;
      } catch (StatusRuntimeException e) {
        if (Instant.now().plus(backoff).isAfter(deadline)) {
          throw new IOException("no certificate from the CA at " + config.caAddress() + " within " + timeout + ": "
              + e.getStatus(), e);
        }
        // A refusal can be transient too (the token file is rotated by the kubelet), so both are
        // retried; the log says which it was.
        Status.Code code = e.getStatus().getCode();
        boolean unreachable = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
        LOG.warnf("agent node=%s CA at %s %s (%s%s); retrying in %s", config.nodeId(), config.caAddress(),
            unreachable ? "not answering yet" : "refused the request", code,
            e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription(), backoff);
        sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    }
  }

  private static void sleep(Duration d) throws IOException {
    try {
      TimeUnit.MILLISECONDS.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the CA", e);
    }
  }

  /** Gets a new certificate, writes the files and schedules the next renewal. */
  private synchronized void renew() throws IOException, GeneralSecurityException {
    CsrFactory.Request request = CsrFactory.create(KeyAlgorithm.EC_P256);
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + Files.readString(config.tokenFile(), StandardCharsets.US_ASCII).trim());
    headers.put(CLUSTER_ID, config.clusterId());
    IstioCertificateResponse response = IstioCertificateServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .createCertificate(IstioCertificateRequest.newBuilder().setCsr(request.csrPem())
            .setValidityDuration(config.ttl().toSeconds()).build());
    List<X509Certificate> chain = new ArrayList<>();
    for (String pem : response.getCertChainList()) {
      chain.addAll(Pem.certificates(pem));
    }
    if (chain.isEmpty() || !chain.get(0).getPublicKey().equals(request.keys().getPublic())) {
      throw new GeneralSecurityException("the CA answered a chain whose leaf is not for the key just generated");
    }
    X509Certificate newLeaf = chain.get(0);
    List<X509Certificate> certChain = chain.size() > 1 ? chain.subList(0, chain.size() - 1) : chain;
    LinkedHashSet<X509Certificate> roots = new LinkedHashSet<>();
    if (config.caRootFile().isPresent()) {
      roots.addAll(Pem.certificates(Files.readString(config.caRootFile().get(), StandardCharsets.US_ASCII)));
    }
    roots.add(chain.get(chain.size() - 1));
    writeFiles(Pem.encode(certChain), Pem.encode(request.keys().getPrivate()), Pem.encode(List.copyOf(roots)));
    leaf = newLeaf;
    issued.incrementAndGet();
    Instant notBefore = newLeaf.getNotBefore().toInstant();
    Instant notAfter = newLeaf.getNotAfter().toInstant();
    nextRenewal = notBefore.plus(Duration.between(notBefore, notAfter).dividedBy(2));
    LOG.infof("agent node=%s certificate issued for %s, valid until %s, renewal at %s", config.nodeId(),
        newLeaf.getSubjectAlternativeNames(), notAfter, nextRenewal);
    schedule(Duration.between(Instant.now(), nextRenewal), Duration.ofSeconds(1));
  }

  private void schedule(Duration delay, Duration backoff) {
    if (scheduler.isShutdown()) {
      return;
    }
    scheduler.schedule(() -> {
      try {
        renew();
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        Duration next = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        LOG.warnf("agent node=%s renewal failed (%s); the current certificate (valid until %s) stays; retrying in %s",
            config.nodeId(), e.getMessage(), leaf.getNotAfter().toInstant(), backoff);
        schedule(backoff, next);
      }
    }, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
  }

  private void writeFiles(String chainPem, String keyPem, String rootsPem) throws IOException {
    Files.createDirectories(config.outputDir());
    Path key = temp(config.keyFile(), keyPem, true);
    Path chain = temp(config.certChainFile(), chainPem, false);
    Path roots = temp(config.rootCertFile(), rootsPem, false);
    // Key and chain change together: grpc must never pair a new key with an old certificate for long.
    Files.move(roots, config.rootCertFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.move(key, config.keyFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.move(chain, config.certChainFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Writes {@code content} next to {@code target}, to be moved over it. A private file is created
   * owner-only (0600) before anything is written to it, so the key is never readable by others, not
   * even for a moment; where the file system has no POSIX permissions it is written as is.
   */
  private static Path temp(Path target, String content, boolean ownerOnly) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    if (ownerOnly) {
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        LOG.debugf("no POSIX permissions on %s", tmp);
      }
    }
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    return tmp;
  }

  /** The gRPC xDS bootstrap for this workload (also written to the bootstrap file, if configured). */
  public Map<String, Object> bootstrap() {
    return GrpcBootstrap.of(config);
  }

  /** The current leaf certificate. */
  public X509Certificate certificate() {
    return leaf;
  }

  /** When the current certificate will be renewed. */
  public Instant nextRenewal() {
    return nextRenewal;
  }

  /** How many certificates this agent has obtained. */
  public int issued() {
    return issued.get();
  }

  public AgentConfig config() {
    return config;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    channel.shutdownNow();
  }
}
