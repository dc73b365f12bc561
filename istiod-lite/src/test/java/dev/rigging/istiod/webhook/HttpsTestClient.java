package dev.rigging.istiod.webhook;

import dev.rigging.ca.crypto.Fips;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code HttpsTestClient} calls a webhook the way the API server does: TLS through BCJSSE that
 * trusts only the webhook configuration's {@code caBundle} and checks the certificate against the
 * Service's host name ({@code istiod.istio-system.svc}) while connecting to loopback, then one
 * HTTP/1.1 request per connection. It can also send arbitrary bytes, to test what the server does
 * with garbage.
 */
public final class HttpsTestClient {
  private final int port;
  private final SSLContext tls;
  private final String host;

  /** One response. */
  public record Response(int status, Map<String, String> headers, byte[] body, List<X509Certificate> serverChain) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  public HttpsTestClient(int port, List<X509Certificate> trustedRoots, String host) throws Exception {
    Fips.install();
    this.port = port;
    this.host = host;
    KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
    roots.load(null, null);
    for (int i = 0; i < trustedRoots.size(); i++) {
      roots.setCertificateEntry("root-" + i, trustedRoots.get(i));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", Fips.JSSE_PROVIDER);
    tmf.init(roots);
    tls = SSLContext.getInstance("TLS", Fips.JSSE_PROVIDER);
    tls.init(null, tmf.getTrustManagers(), null);
  }

  /** POSTs {@code body} with {@code contentType} (null: no header) to {@code path}. */
  public Response post(String path, String contentType, byte[] body) throws IOException {
    StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    request.write(body);
    return send(request.toByteArray());
  }

  /** Sends {@code request} as is over TLS and reads the response. */
  public Response send(byte[] request) throws IOException {
    try (SSLSocket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // the server may answer (413) and close before everything was written: read what it said
      }
      List<X509Certificate> chain = List.of(socket.getSession().getPeerCertificates()).stream()
          .map(c -> (X509Certificate) c).toList();
      return read(socket.getInputStream(), chain);
    }
  }

  /** A TLS connection whose handshake has completed (it fails when the certificate is not trusted for the host). */
  public SSLSocket connect() throws IOException {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    plain.setSoTimeout(20_000);
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
    SSLParameters params = socket.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    params.setServerNames(List.of(new SNIHostName(host)));
    socket.setSSLParameters(params);
    socket.startHandshake();
    return socket;
  }

  private static Response read(InputStream in, List<X509Certificate> chain) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    try {
      while ((n = in.read(buf)) > 0) {
        all.write(buf, 0, n);
      }
    } catch (IOException e) {
      // a reset after the response (the server closed a connection with unread input) is fine
      if (all.size() == 0) {
        throw e;
      }
    }
    byte[] bytes = all.toByteArray();
    int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    if (end < 0) {
      throw new IOException("no HTTP response: " + new String(bytes, StandardCharsets.UTF_8));
    }
    String[] lines = new String(bytes, 0, end, StandardCharsets.US_ASCII).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    return new Response(status, headers, body, chain);
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
