package dev.rigging.ca.tls;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;

/**
 * {@code ClientHello} builds a minimal TLS ClientHello (TLS 1.0–1.2 wire format) offering ECDHE
 * with P-256 and both CBC and GCM suites, so the server's choice depends only on the version.
 */
final class ClientHello {
  private ClientHello() {}

  static byte[] bytes(int version) {
    ByteArrayOutputStream hello = new ByteArrayOutputStream();
    u16(hello, version);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    hello.writeBytes(random);
    hello.write(0); // no session id
    int[] suites = {0xc02b, 0xc02f, 0xc009, 0xc013, 0xc00a, 0xc014, 0x002f, 0x0035};
    u16(hello, suites.length * 2);
    for (int suite : suites) {
      u16(hello, suite);
    }
    hello.write(1);
    hello.write(0); // null compression
    ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    extension(extensions, 0x000a, new byte[] {0, 2, 0, 0x17}); // supported_groups: secp256r1
    extension(extensions, 0x000b, new byte[] {1, 0}); // ec_point_formats: uncompressed
    extension(extensions, 0x000d, new byte[] {0, 4, 4, 3, 4, 1}); // signature_algorithms (ignored before 1.2)
    extension(extensions, 0x0010, new byte[] {0, 3, 2, 'h', '2'}); // ALPN: h2
    u16(hello, extensions.size());
    hello.writeBytes(extensions.toByteArray());

    ByteArrayOutputStream handshake = new ByteArrayOutputStream();
    handshake.write(1); // client_hello
    handshake.write(0);
    u16(handshake, hello.size());
    handshake.writeBytes(hello.toByteArray());

    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.write(0x16);
    u16(record, version == 0x0303 ? 0x0301 : version);
    u16(record, handshake.size());
    record.writeBytes(handshake.toByteArray());
    return record.toByteArray();
  }

  private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
    u16(out, type);
    u16(out, data.length);
    out.writeBytes(data);
  }

  private static void u16(ByteArrayOutputStream out, int value) {
    out.write((value >> 8) & 0xff);
    out.write(value & 0xff);
  }
}
