package dev.rigging.istiod.networking;

import dev.rigging.mesh.api.networking.StringMatch;
import dev.rigging.mesh.api.networking.VirtualService.HTTPMatchRequest;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code RouteMatchTranslator} turns a VirtualService {@code HTTPMatchRequest} into an Envoy
 * {@code RouteMatch} like Istio: uri exact/prefix/regex (RE2 {@code safe_regex}), headers and
 * {@code withoutHeaders} (inverted) sorted by name, then {@code :method}, {@code :authority} and
 * {@code :scheme}, then query parameters. A regex of {@code *} means "present". {@code
 * case_sensitive} is always set: grpc-java treats an unset value as case-insensitive.
 */
final class RouteMatchTranslator {
  private RouteMatchTranslator() {}

  /** The catch-all match: prefix {@code /}, case-sensitive. */
  static RouteMatch catchAll() {
    return RouteMatch.newBuilder().setPrefix("/").setCaseSensitive(Protos.bool(true)).build();
  }

  /** The match for {@code in}; null means no conditions (catch-all). */
  static RouteMatch translate(HTTPMatchRequest in) {
    if (in == null) {
      return catchAll();
    }
    RouteMatch.Builder out = RouteMatch.newBuilder().setPrefix("/");
    List<HeaderMatcher> headers = new ArrayList<>();
    for (Map.Entry<String, StringMatch> e : in.headers().entrySet()) {
      headers.add(header(e.getKey(), e.getValue()));
    }
    for (Map.Entry<String, StringMatch> e : in.withoutHeaders().entrySet()) {
      HeaderMatcher.Builder h = header(e.getKey(), e.getValue()).toBuilder().setInvertMatch(true);
      if (!isPresentMatch(e.getValue())) {
        h.setTreatMissingHeaderAsEmpty(true);
      }
      headers.add(h.build());
    }
    headers.sort(Comparator.comparing(HeaderMatcher::getName));
    out.addAllHeaders(headers);
    StringMatch uri = in.uri();
    if (uri != null) {
      if (uri.exact() != null) {
        out.setPath(uri.exact());
      } else if (uri.prefix() != null) {
        out.setPrefix(uri.prefix());
      } else if (uri.regex() != null) {
        out.setSafeRegex(RegexMatcher.newBuilder().setRegex(uri.regex()));
      }
    }
    out.setCaseSensitive(Protos.bool(!Boolean.TRUE.equals(in.ignoreUriCase())));
    if (in.method() != null) {
      out.addHeaders(header(":method", in.method()));
    }
    if (in.authority() != null) {
      out.addHeaders(header(":authority", in.authority()));
    }
    if (in.scheme() != null) {
      out.addHeaders(header(":scheme", in.scheme()));
    }
    for (Map.Entry<String, StringMatch> e : in.queryParams().entrySet()) {
      QueryParameterMatcher.Builder q = QueryParameterMatcher.newBuilder().setName(e.getKey());
      if (isPresentMatch(e.getValue())) {
        q.setPresentMatch(true);
      } else {
        q.setStringMatch(stringMatcher(e.getValue()));
      }
      out.addQueryParameters(q);
    }
    return out.build();
  }

  static HeaderMatcher header(String name, StringMatch match) {
    HeaderMatcher.Builder h = HeaderMatcher.newBuilder().setName(name);
    if (isPresentMatch(match)) {
      return h.setPresentMatch(true).build();
    }
    return h.setStringMatch(stringMatcher(match)).build();
  }

  /** exact, prefix or RE2 regex. */
  static StringMatcher stringMatcher(StringMatch m) {
    if (m.exact() != null) {
      return StringMatcher.newBuilder().setExact(m.exact()).build();
    }
    if (m.prefix() != null) {
      return StringMatcher.newBuilder().setPrefix(m.prefix()).build();
    }
    return StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(m.regex())).build();
  }

  /** Istio treats an empty match and the regex {@code *} (not valid RE2) as "header present". */
  private static boolean isPresentMatch(StringMatch m) {
    return m == null || m.alternativesSet() == 0 || "*".equals(m.regex());
  }

  /** Whether the route matches every request: prefix {@code /} or regex {@code .*}, no other conditions. */
  static boolean isCatchAll(RouteMatch m) {
    boolean path = switch (m.getPathSpecifierCase()) {
      case PREFIX -> m.getPrefix().equals("/");
      case PATH_SEPARATED_PREFIX -> m.getPathSeparatedPrefix().equals("/");
      case SAFE_REGEX -> m.getSafeRegex().getRegex().equals(".*");
      default -> false;
    };
    return path && m.getHeadersCount() == 0 && m.getQueryParametersCount() == 0 && m.getDynamicMetadataCount() == 0;
  }
}
