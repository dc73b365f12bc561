package dev.rigging.istiod.security;

import java.util.List;
import java.util.Locale;

/**
 * {@code RequestMatchers} compiles the HTTP attributes of a rule: host (case-insensitive, as host
 * names are), method, path (the normalized path Envoy forwards; templates become Envoy URI
 * templates) and header conditions.
 *
 * <p><b>Repeated headers.</b> Envoy and grpc-java match a header that appears several times on its
 * values joined with {@code ,}, so a plain matcher can be fooled by repeating the header (a DENY on
 * {@code x-user: guest} misses {@code x-user: admin} + {@code x-user: guest}; an ALLOW on
 * {@code x-role: admin*} takes {@code admin,evil}). Header conditions therefore hold against every
 * value: where matching more is safe (DENY values, ALLOW {@code notValues}) a condition matches
 * when any single value matches; elsewhere only a header with one value that matches counts.
 */
final class RequestMatchers {
  static final String AUTHORITY = ":authority";
  static final String METHOD = ":method";
  // RFC 9110 list separator: a comma with optional whitespace around it
  private static final String SEP_BEFORE = "(?:.*,[ \\t]*)?";
  private static final String SEP_AFTER = "(?:[ \\t]*,.*)?";
  /**
   * Envoy refuses regexes whose RE2 program exceeds 100 instructions by default; a literal longer
   * than this falls back to {@code contains}, which matches more and is only used where that is safe.
   */
  private static final int MAX_REGEX_LITERAL = 64;

  private RequestMatchers() {}

  /** {@code hosts}: the {@code :authority} header, ignoring case. */
  static Match host(String v, CompileContext ctx) throws UnsupportedCondition {
    ctx.needRequests("hosts");
    return v.equals("*") ? Match.Header.present(AUTHORITY)
        : new Match.Header(AUTHORITY, StringMatch.istio(v).ignoringCase());
  }

  /** {@code methods}: the {@code :method} header (grpc-java always reports POST). */
  static Match method(String v, CompileContext ctx) throws UnsupportedCondition {
    ctx.needRequests("methods");
    return v.equals("*") ? Match.Header.present(METHOD) : new Match.Header(METHOD, StringMatch.istio(v));
  }

  /** {@code paths}: the normalized path; {@code {*}} and {@code {**}} make a template. */
  static Match path(String v, CompileContext ctx) throws UnsupportedCondition {
    ctx.needRequests("paths");
    if (PathTemplates.isTemplate(v)) {
      return new Match.PathTemplate(v);
    }
    return new Match.UrlPath(StringMatch.istio(v));
  }

  /** {@code request.headers[name]}, with the repeated-header handling described above. */
  static Match header(String rawName, String v, CompileContext ctx) throws UnsupportedCondition {
    ctx.needRequests("request headers");
    String name = rawName.toLowerCase(Locale.ROOT);
    if (ctx.target() == AuthzTarget.GRPC && (name.startsWith("grpc-") || name.equals(":scheme"))) {
      throw new UnsupportedCondition("grpc-java refuses RBAC on header " + name);
    }
    if (v.equals("*")) {
      return Match.Header.present(name);
    }
    StringMatch whole = StringMatch.istio(v);
    if (v.contains(",")) {
      // a value with a comma cannot be told apart from two values; compare the whole header
      return new Match.Header(name, whole);
    }
    if (!ctx.wide()) {
      return new Match.AllOf(List.of(new Match.Header(name, whole),
          new Match.Not(new Match.Header(name, StringMatch.contains(",")))));
    }
    if (RegexLiterals.quote(whole.value()).length() > MAX_REGEX_LITERAL) {
      return new Match.Header(name, StringMatch.contains(whole.value()));
    }
    String regex = switch (whole.kind()) {
      case PREFIX -> SEP_BEFORE + RegexLiterals.quote(whole.value()) + ".*";
      case SUFFIX -> ".*" + RegexLiterals.quote(whole.value()) + SEP_AFTER;
      default -> SEP_BEFORE + RegexLiterals.quote(whole.value()) + SEP_AFTER;
    };
    return new Match.Header(name, StringMatch.regex(regex));
  }

  /** {@code request.auth.claims[...]} and friends: a claim of the verified JWT. */
  static Match claim(List<String> path, String v, CompileContext ctx) throws UnsupportedCondition {
    ctx.needJwt("JWT claims");
    return new Match.JwtClaim(path, List.of(StringMatch.istio(v)));
  }
}
