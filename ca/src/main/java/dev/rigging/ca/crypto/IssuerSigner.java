package dev.rigging.ca.crypto;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * {@code IssuerSigner} signs with one issuer key and keeps the {@link Signature} objects it has
 * initialized for reuse. In the FIPS module, initializing a signature for a key builds a new engine
 * and runs that algorithm's conditional self-test; for a CA that signs thousands of certificates with
 * the same key, that was as costly as the signature itself. A JCA signature returns to its
 * initialized state after {@link Signature#sign()}, so a finished one is put back and the next
 * certificate uses it. Thread safe: each signature is used by one caller at a time.
 */
public final class IssuerSigner {
  /** Idle signatures kept; more than the threads that sign at once would only hold memory. */
  static final int MAX_IDLE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  private final PrivateKey key;
  private final String algorithm;
  private final AlgorithmIdentifier algorithmId;
  private final ConcurrentLinkedQueue<Signature> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  private final AtomicInteger created = new AtomicInteger();

  public IssuerSigner(PrivateKey key) {
    this.key = Objects.requireNonNull(key, "key");
    this.algorithm = KeyAlgorithm.signatureAlgorithm(key);
    this.algorithmId = new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm);
  }

  public PrivateKey key() {
    return key;
  }

  /** The JCA name of the signature algorithm, e.g. {@code SHA256withECDSA}. */
  public String algorithm() {
    return algorithm;
  }

  /** How many signatures were initialized so far (for tests: reuse keeps this small). */
  int created() {
    return created.get();
  }

  /**
   * A content signer for one signature. Its {@code getSignature()} returns the signature object to
   * the pool; one that fails is dropped, so a broken state is never reused.
   */
  public ContentSigner contentSigner() throws GeneralSecurityException {
    Signature signature = idle.poll();
    if (signature != null) {
      idleCount.decrementAndGet();
    } else {
      signature = Signature.getInstance(algorithm, Fips.PROVIDER);
      signature.initSign(key);
      created.incrementAndGet();
    }
    return new PooledContentSigner(signature);
  }

  private void release(Signature signature) {
    if (idleCount.incrementAndGet() <= MAX_IDLE) {
      idle.add(signature);
    } else {
      idleCount.decrementAndGet();
    }
  }

  private final class PooledContentSigner implements ContentSigner {
    private final Signature signature;
    private final OutputStream stream;
    private boolean used;

    PooledContentSigner(Signature signature) {
      this.signature = signature;
      this.stream = new OutputStream() {
        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
          try {
            signature.update(bytes, offset, length);
          } catch (SignatureException e) {
            throw new RuntimeOperatorException("signature update: " + e.getMessage(), e);
          }
        }
      };
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return algorithmId;
    }

    @Override
    public OutputStream getOutputStream() {
      return stream;
    }

    @Override
    public byte[] getSignature() {
      if (used) {
        throw new IllegalStateException("this content signer has already signed");
      }
      used = true;
      byte[] result;
      try {
        result = signature.sign();
      } catch (SignatureException | RuntimeException e) {
        throw new RuntimeOperatorException("signing with " + algorithm + ": " + e.getMessage(), e);
      }
      release(signature);
      return result;
    }
  }
}
