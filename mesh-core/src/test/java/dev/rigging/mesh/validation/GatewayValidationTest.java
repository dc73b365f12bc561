package dev.rigging.mesh.validation;

import static dev.rigging.mesh.validation.Yaml.assertError;
import static dev.rigging.mesh.validation.Yaml.assertValid;
import static dev.rigging.mesh.validation.Yaml.assertWarning;
import static dev.rigging.mesh.validation.Yaml.gw;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayValidationTest {

  private static String server(String server) {
    return gw("selector: {istio: ingressgateway}\nservers:\n- " + server);
  }

  private static String http(String hosts) {
    return server("{port: {number: 80, name: http, protocol: HTTP}, hosts: " + hosts + "}");
  }

  private static String https(String tls) {
    return server("{port: {number: 443, name: https, protocol: HTTPS}, hosts: [\"*.example.com\"], tls: " + tls + "}");
  }

  @Test
  void nameAndServers() {
    assertError(Yaml.object("Gateway", "my.gateway", "servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [\"*\"]}]"),
        "metadata.name", "must be a DNS label");
    assertError(gw("selector: {istio: ingressgateway}"), "spec.servers", "at least one server");
    assertError(gw("selector: {\"bad key!\": x}\nservers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [\"*\"]}]"),
        "spec.selector[\"bad key!\"]", "invalid label key");
  }

  @Test
  void hosts() {
    assertError(http("[]"), "spec.servers[0].hosts", "at least one host");
    assertError(http("[foo]"), "spec.servers[0].hosts[0]", "short name \"foo\" is not allowed here");
    assertError(http("[\"bad_ns/a.example.com\"]"), "spec.servers[0].hosts[0]", "invalid namespace \"bad_ns\"");
    assertError(http("[\"~/a.example.com\"]"), "spec.servers[0].hosts[0]", "invalid namespace \"~\"");
    assertError(http("[\"*/\"]"), "spec.servers[0].hosts[0]", "empty namespace or name");
    assertError(http("[\"./*foo.example.com\"]"), "spec.servers[0].hosts[0]", "partial wildcard");
    assertError(http("[\"./a_b.example.com\"]"), "spec.servers[0].hosts[0]", "label \"a_b\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "*.example.com", "bookinfo.example.com", "./reviews.example.com", "*/*.example.com", "istio-system/*", "10.0.0.1"})
  void acceptsNamespacedHostsOldStyleHostsAndIps(String host) {
    assertValid(http("[\"" + host + "\"]"));
  }

  @Test
  void ports() {
    assertError(server("{hosts: [\"*\"]}"), "spec.servers[0].port", "port is required");
    assertError(server("{port: {number: 80, name: ftp, protocol: FTP}, hosts: [\"*\"]}"), "spec.servers[0].port.protocol", "unsupported protocol \"FTP\"");
    assertError(server("{port: {number: 80, name: http}, hosts: [\"*\"]}"), "spec.servers[0].port.protocol", "unsupported protocol \"null\"");
    assertError(server("{port: {number: 0, name: http, protocol: HTTP}, hosts: [\"*\"]}"), "spec.servers[0].port.number", "out of range");
    assertError(server("{port: {number: 80, name: http, protocol: HTTP, targetPort: 8080}, hosts: [\"*\"]}"), "spec.servers[0].port.targetPort",
        "no effect on Gateways");
    assertError(server("{port: {number: 80, protocol: HTTP}, hosts: [\"*\"]}"), "spec.servers[0].port.name", "port name is required");
    assertError(gw("servers:\n- {port: {number: 80, name: http, protocol: HTTP}, hosts: [\"*\"]}\n- {port: {number: 8080, name: http, protocol: HTTP}, hosts: [\"*\"]}"),
        "spec.servers[1].port.name", "duplicate port name \"http\" (also at spec.servers[0].port.name)");
  }

  @Test
  void bind() {
    assertError(server("{port: {number: 80, name: http, protocol: HTTP}, bind: not-an-ip, hosts: [\"*\"]}"), "spec.servers[0].bind", "not an IP address");
    assertError(server("{port: {number: 80, name: http, protocol: HTTP}, bind: \"unix:///var/run/gw.sock\", hosts: [\"*\"]}"),
        "spec.servers[0].port.number", "must use port number 0");
    assertError(server("{port: {number: 0, name: http, protocol: HTTP}, bind: \"unix://gw.sock\", hosts: [\"*\"]}"), "spec.servers[0].bind", "absolute path");
    assertValid(server("{port: {number: 0, name: http, protocol: HTTP}, bind: \"unix:///var/run/gw.sock\", hosts: [\"*\"]}"));
    assertValid(server("{port: {number: 80, name: http, protocol: HTTP}, bind: 0.0.0.0, hosts: [\"*\"]}"));
  }

  @Test
  void tlsMustFitTheProtocol() {
    assertError(server("{port: {number: 443, name: https, protocol: HTTPS}, hosts: [\"*\"]}"), "spec.servers[0].tls",
        "a server with protocol HTTPS needs tls settings");
    assertError(server("{port: {number: 9000, name: tcp, protocol: TCP}, hosts: [\"*\"], tls: {mode: SIMPLE, credentialName: c}}"),
        "spec.servers[0].tls", "a server with protocol TCP cannot have tls settings");
    assertError(server("{port: {number: 80, name: http, protocol: HTTP}, hosts: [\"*\"], tls: {mode: SIMPLE, credentialName: c}}"),
        "spec.servers[0].tls", "plain-text HTTP server can only use tls.httpsRedirect");
    assertValid(server("{port: {number: 80, name: http, protocol: HTTP}, hosts: [\"*\"], tls: {httpsRedirect: true}}"));
    assertWarning(server("{port: {number: 443, name: https, protocol: HTTPS}, hosts: [\"*\"], tls: {httpsRedirect: true, mode: SIMPLE, credentialName: c}}"),
        "spec.servers[0].tls.httpsRedirect", "only applies to HTTP servers");
  }

  @Test
  void tlsModesNeedCredentials() {
    String p = "spec.servers[0].tls";
    assertError(https("{mode: SIMPLE}"), p + ".serverCertificate", "SIMPLE TLS needs serverCertificate and privateKey, or credentialName");
    assertError(https("{mode: SIMPLE, serverCertificate: /etc/certs/cert.pem}"), p + ".privateKey", "SIMPLE TLS needs");
    assertError(https("{mode: MUTUAL, serverCertificate: /c.pem, privateKey: /k.pem}"), p + ".caCertificates", "MUTUAL TLS needs serverCertificate, privateKey and caCertificates");
    assertError(https("{mode: OPTIONAL_MUTUAL}"), p + ".caCertificates", "OPTIONAL_MUTUAL TLS needs");
    assertError(https("{mode: ISTIO_MUTUAL, credentialName: c}"), p + ".credentialName", "cannot be set with ISTIO_MUTUAL");
    assertError(https("{mode: ISTIO_MUTUAL, serverCertificate: /c.pem}"), p + ".serverCertificate", "cannot be set with ISTIO_MUTUAL");
    assertError(https("{mode: SIMPLE, credentialName: a, credentialNames: [b]}"), p, "set only one of credentialName, credentialNames or tlsCertificates");
    assertError(https("{mode: SIMPLE, credentialNames: [a, b, c]}"), p + ".credentialNames", "at most 2 credentialNames");
    assertError(https("{mode: SIMPLE, tlsCertificates: [{serverCertificate: /a, privateKey: /b}, {serverCertificate: /c, privateKey: /d},"
        + " {serverCertificate: /e, privateKey: /f}]}"), p + ".tlsCertificates", "at most 2 tlsCertificates");
    assertError(https("{mode: SIMPLE, serverCertificate: /c.pem, privateKey: /k.pem, caCrl: /crl.pem}"), p + ".caCrl", "no effect with SIMPLE TLS");
    assertError(server("{port: {number: 443, name: tls, protocol: TLS}, hosts: [\"*\"], tls: {mode: PASSTHROUGH, credentialName: c, caCrl: /crl.pem}}"),
        p + ".caCrl", "cannot be combined with credentialName");
    assertWarning(server("{port: {number: 443, name: tls, protocol: TLS}, hosts: [\"*\"], tls: {mode: PASSTHROUGH, credentialName: c}}"),
        p, "PASSTHROUGH does not terminate TLS");
    assertWarning(https("{mode: SIMPLE, credentialName: c, minProtocolVersion: TLSV1_0}"), p + ".minProtocolVersion", "need cipherSuites");
    assertWarning(https("{mode: SIMPLE, credentialName: c, cipherSuites: [ECDHE-RSA-AES256-GCM-SHA384, ECDHE-RSA-AES256-GCM-SHA384]}"),
        p + ".cipherSuites[1]", "duplicate cipher suite");
    assertValid(https("{mode: SIMPLE, credentialName: bookinfo-secret}"));
    assertValid(https("{mode: MUTUAL, credentialName: bookinfo-secret, caCertCredentialName: client-ca, subjectAltNames: [client.example.com]}"));
    assertValid(https("{mode: SIMPLE, credentialNames: [rsa-cert, ecdsa-cert], minProtocolVersion: TLSV1_2}"));
    assertValid(https("{mode: MUTUAL, serverCertificate: /etc/certs/servercert.pem, privateKey: /etc/certs/privatekey.pem, caCertificates: /etc/certs/ca.pem}"));
    assertValid(https("{mode: ISTIO_MUTUAL}"));
  }
}
