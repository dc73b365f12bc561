package dev.rigging.mesh.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared syntax checks: IPs and CIDRs, host matching, header values, labels, primes. */
class SyntaxRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "0.0.0.0", "255.255.255.255", "::", "::1", "2001:db8::1", "fe80::1%eth0", "::ffff:10.1.2.3",
      "1:2:3:4:5:6:7:8", "2001:db8::"})
  void ipLiterals(String ip) {
    assertThat(IpAddresses.isIp(ip)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10.0.0", "10.0.0.256", "010.0.0.1", "10.0.0.1.", "1:2:3:4:5:6:7", "1::2::3", ":1", "::g", "12345::",
      "1:2:3:4:5:6:7:8:9", "example.com", "fe80::1%"})
  void notIpLiterals(String s) {
    assertThat(IpAddresses.isIp(s)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"10.0.0.0/8, true", "10.0.0.0/32, true", "10.0.0.0/33, false", "2001:db8::/128, true", "2001:db8::/129, false",
      "10.0.0.0/, false", "10.0.0.0/08, false", "10.0.0.1, true", "host/8, false"})
  void subnets(String subnet, boolean valid) {
    assertThat(IpAddresses.subnetProblem(subnet) == null).isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource({"*.example.com, api.example.com, true", "*.example.com, *.api.example.com, true", "*, reviews, true",
      "api.example.com, api.example.com, true", "*.example.com, example.com, false", "a.example.com, b.example.com, false"})
  void hostMatching(String a, String b, boolean matches) {
    assertThat(Hosts.matches(a, b)).isEqualTo(matches);
    assertThat(Hosts.matches(b, a)).isEqualTo(matches);
  }

  @ParameterizedTest
  @CsvSource({"api.example.com, *.example.com, true", "*.api.example.com, *.example.com, true", "*.example.com, api.example.com, false",
      "*.example.com, *.api.example.com, false", "api.example.com, api.example.com, true"})
  void hostSubsets(String a, String b, boolean subset) {
    assertThat(Hosts.subsetOf(a, b)).isEqualTo(subset);
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "100%%", "%HOSTNAME%", "a %UPSTREAM_HOST% b", "%REQ(x-foo)%", "%REQ(x-foo) %",
      "%PER_REQUEST_STATE(\"a)b\")%", "%START_TIME(%s)%", "\ttab"})
  void validHeaderValues(String value) {
    assertThat(HeaderRules.valueProblem(value)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"100%", "%HOSTNAME", "%REQ(x-foo%", "%REQ(x-foo)x%", "a\nb", "del\u007f"})
  void invalidHeaderValues(String value) {
    assertThat(HeaderRules.valueProblem(value)).isNotNull();
  }

  @ParameterizedTest
  @CsvSource({"app, true", "app.kubernetes.io/name, true", "example.com/a_b.c, true", "a/b/c, false", "/name, false", "-app, false",
      "Example.com/app, false", "app_, false"})
  void labelKeys(String key, boolean valid) {
    assertThat(Labels.keyProblem(key) == null).isEqualTo(valid);
  }

  @Test
  void labelKeyLengths() {
    assertThat(Labels.keyProblem("a".repeat(63))).isNull();
    assertThat(Labels.keyProblem("a".repeat(64))).contains("at most 63");
    assertThat(Labels.keyProblem("a".repeat(254) + "/name")).contains("at most 253");
    assertThat(Labels.valueProblem("")).isNull();
  }

  @Test
  void primes() {
    assertThat(LoadBalancerValidator.isPrime(2)).isTrue();
    assertThat(LoadBalancerValidator.isPrime(65537)).isTrue();
    assertThat(LoadBalancerValidator.isPrime(5000011)).isTrue();
    assertThat(LoadBalancerValidator.isPrime(1)).isFalse();
    assertThat(LoadBalancerValidator.isPrime(65535)).isFalse();
  }

  @Test
  void protocolsAreCaseInsensitive() {
    assertThat(Protocol.parse("grpc-web")).contains(Protocol.GRPC_WEB);
    assertThat(Protocol.parse("Http2")).contains(Protocol.HTTP2);
    assertThat(Protocol.parse("SCTP")).isEmpty();
    assertThat(Ports.protocolProblem("")).isNull();
  }
}
