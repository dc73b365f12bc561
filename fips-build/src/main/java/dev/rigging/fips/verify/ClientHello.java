package dev.rigging.fips.verify;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;

/**
 * {@code ClientHello} speaks the first flight of TLS (1.0–1.2 wire format) itself, for offers that
 * no JSSE client will make any more (TLS 1.1, or only a curve the JDK would not pair with ECDHE
 * suites): it sends one ClientHello and reports the first record the server answers with.
 */
final class ClientHello {
  static final int TLS_1_1 = 0x0302;
  static final int TLS_1_2 = 0x0303;
  static final int SECP256R1 = 0x0017;
  static final int X25519 = 0x001d;
  /** ECDHE-ECDSA and ECDHE-RSA with AES-GCM, then with AES-CBC (the only kind TLS 1.1 can use). */
  static final int[] ECDHE_SUITES = {0xc02b, 0xc02c, 0xc02f, 0xc030, 0xc009, 0xc00a, 0xc013, 0xc014};

  private ClientHello() {}

  /** Sends the hello to {@code port} on loopback and describes the answer: {@code ServerHello}, {@code alert N} or {@code closed}. */
  static String send(int port, int version, int[] suites, int[] groups) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(bytes(version, suites, groups));
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int type;
      try {
        type = in.readUnsignedByte();
      } catch (IOException closed) {
        return "closed";
      }
      in.readUnsignedShort();
      byte[] body = new byte[in.readUnsignedShort()];
      in.readFully(body);
      return switch (type) {
        case 0x15 -> "alert " + (body.length > 1 ? body[1] & 0xff : -1);
        case 0x16 -> (body[0] & 0xff) == 2 ? "ServerHello" : "handshake " + (body[0] & 0xff);
        default -> "record " + type;
      };
    }
  }

  static byte[] bytes(int version, int[] suites, int[] groups) {
    ByteArrayOutputStream hello = new ByteArrayOutputStream();
    u16(hello, version);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    hello.writeBytes(random);
    hello.write(0); // no session id
    u16(hello, suites.length * 2);
    for (int suite : suites) {
      u16(hello, suite);
    }
    hello.write(1);
    hello.write(0); // null compression only
    ByteArrayOutputStream groupList = new ByteArrayOutputStream();
    u16(groupList, groups.length * 2);
    for (int group : groups) {
      u16(groupList, group);
    }
    ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    extension(extensions, 0x000a, groupList.toByteArray()); // supported_groups
    extension(extensions, 0x000b, new byte[] {1, 0}); // ec_point_formats: uncompressed
    // signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256
    extension(extensions, 0x000d, new byte[] {0, 6, 4, 3, 8, 4, 4, 1});
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
    u16(record, version == TLS_1_2 ? 0x0301 : version);
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
