package dev.rigging.mesh.validation;

import static dev.rigging.mesh.validation.Yaml.ap;
import static dev.rigging.mesh.validation.Yaml.assertError;
import static dev.rigging.mesh.validation.Yaml.assertValid;
import static dev.rigging.mesh.validation.Yaml.assertWarning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values inside sources and operations: empty values, wildcards, IPs, ports, methods, paths, never-matching rules. */
class AuthorizationRuleValuesTest {
  private static final String SRC = "spec.rules[0].from[0].source";
  private static final String OP = "spec.rules[0].to[0].operation";

  private static String source(String fields) {
    return ap("rules: [{from: [{source: {" + fields + "}}]}]");
  }

  private static String operation(String fields) {
    return ap("rules: [{to: [{operation: {" + fields + "}}]}]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"principals", "notPrincipals", "requestPrincipals", "notRequestPrincipals", "namespaces", "notNamespaces",
      "ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks", "serviceAccounts", "notServiceAccounts"})
  void emptySourceValues(String field) {
    assertError(source(field + ": [\"\"]"), SRC + "." + field + "[0]", "empty value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hosts", "notHosts", "ports", "notPorts", "methods", "notMethods", "paths", "notPaths"})
  void emptyOperationValues(String field) {
    assertError(operation(field + ": [\"\"]"), OP + "." + field + "[0]", "empty value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cluster.local/*/sa/x", "*foo*", "**", "a*b"})
  void principalWildcardsOnlyAsPrefixOrSuffix(String principal) {
    assertError(source("principals: [\"" + principal + "\"]"), SRC + ".principals[0]", "can never match: '*' is only allowed alone");
  }

  @Test
  void namespaceWildcards() {
    assertError(source("notNamespaces: [\"te*st\"]"), SRC + ".notNamespaces[0]", "notNamespaces \"te*st\" can never match");
    assertValid(source("namespaces: [\"*\", \"prod-*\", \"*-test\"], principals: [\"cluster.local/ns/default/sa/*\", \"*/sa/sleep\"]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks"})
  void ipBlocksAreIpsOrCidrs(String field) {
    assertError(source(field + ": [10.0.0.0/33]"), SRC + "." + field + "[0]", "not a valid CIDR block");
    assertError(source(field + ": [example.com]"), SRC + "." + field + "[0]", "not a valid IP address");
    assertValid(source(field + ": [203.0.113.4, 203.0.113.0/24, \"2001:db8::/32\", \"::1\"]"));
  }

  @Test
  void serviceAccounts() {
    assertError(source("serviceAccounts: [\"ns/*\"]"), SRC + ".serviceAccounts[0]", "wildcards are not supported in service accounts");
    assertError(source("serviceAccounts: [a/b/c]"), SRC + ".serviceAccounts[0]", "expected serviceAccount or namespace/serviceAccount");
    assertError(source("notServiceAccounts: [\"/b\"]"), SRC + ".notServiceAccounts[0]", "expected serviceAccount or namespace/serviceAccount");
    assertError(source("serviceAccounts: [\"a/\"]"), SRC + ".serviceAccounts[0]", "expected serviceAccount or namespace/serviceAccount");
    assertError(source("serviceAccounts: [\"" + "a".repeat(321) + "\"]"), SRC + ".serviceAccounts[0]", "at most 320");
    String many = String.join(", ", java.util.stream.IntStream.range(0, 17).mapToObj(i -> "sa" + i).toList());
    assertError(source("serviceAccounts: [" + many + "]"), SRC + ".serviceAccounts", "at most 16");
    assertError(source("serviceAccounts: [a], namespaces: [foo]"), SRC + ".serviceAccounts",
        "serviceAccounts cannot be combined with principals or namespaces");
    assertError(source("notServiceAccounts: [a], notPrincipals: [\"x/*\"]"), SRC + ".notServiceAccounts",
        "serviceAccounts cannot be combined");
    assertValid(source("serviceAccounts: [bookinfo-productpage, other/sleep], ipBlocks: [10.0.0.0/8]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "0", "65536", "-1", "+80", "80-90", "123456"})
  void portsAreNumbersFrom1To65535(String port) {
    assertError(operation("ports: [\"" + port + "\"]"), OP + ".ports[0]", "");
    assertError(operation("notPorts: [\"" + port + "\"]"), OP + ".notPorts[0]", "");
  }

  @Test
  void portMessages() {
    assertError(operation("ports: [http]"), OP + ".ports[0]", "port \"http\" is not a number; ports are numbers from 1 to 65535");
    assertError(operation("ports: [\"0\"]"), OP + ".ports[0]", "port 0 out of range; must be between 1 and 65535");
    assertValid(operation("ports: [\"1\", \"8080\", \"65535\"]"));
  }

  @Test
  void methods() {
    assertError(operation("methods: [\"GET POST\"]"), OP + ".methods[0]", "\"GET POST\" is not an HTTP method");
    assertError(operation("notMethods: [\"GET,POST\"]"), OP + ".notMethods[0]", "is not an HTTP method");
    assertWarning(operation("methods: [get]"), OP + ".methods[0]", "HTTP methods are case-sensitive: \"get\" does not match GET requests");
    assertValid(operation("methods: [GET, HEAD, POST, PROPFIND, \"*\"]"));
  }

  @Test
  void pathTemplates() {
    assertError(operation("paths: [\"/foo/{**}/bar/{*}\"]"), OP + ".paths[0]", "{**} must be the last operator");
    assertError(operation("paths: [\"/foo/{**}/{**}\"]"), OP + ".paths[0]", "{**} must be the last operator");
    assertError(operation("notPaths: [\"/foo/{id}\"]"), OP + ".notPaths[0]", "only allowed in whole-segment templates");
    assertError(operation("paths: [\"/foo{*}/bar\"]"), OP + ".paths[0]", "only allowed in whole-segment templates");
    assertError(operation("paths: [\"/foo/{*}/b ar\"]"), OP + ".paths[0]", "segment \"b ar\" must be non-empty");
    assertError(operation("paths: [\"/foo//{*}\"]"), OP + ".paths[0]", "segment \"\" must be non-empty");
    assertValid(operation("paths: [\"/foo/{*}/bar/{**}\", \"/{**}/suffix.json\", \"/api/{*}\", \"/info*\", \"*/admin\", \"/data\"]"));
  }

  @Test
  void pathsStartWithASlash() {
    assertWarning(operation("paths: [api/v1]"), OP + ".paths[0]", "does not start with '/'");
  }

  @Test
  void rulesThatCanNeverMatch() {
    assertError(source("principals: [a, b], notPrincipals: [b, a, c]"), SRC + ".principals",
        "every value of principals is also in notPrincipals, so this can never match");
    assertError(source("ipBlocks: [10.0.0.1], notIpBlocks: [10.0.0.1]"), SRC + ".ipBlocks", "can never match");
    assertError(operation("ports: [\"80\"], notPorts: [\"80\"]"), OP + ".ports", "can never match");
    assertError(operation("paths: [/a], notPaths: [/a]"), OP + ".paths", "can never match");
    assertValid(source("namespaces: [\"prod-*\"], notNamespaces: [prod-legacy]"));
  }
}
