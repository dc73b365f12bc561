package dev.rigging.istiod.security;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code Match} is the compiled form of authorization conditions: a small predicate tree whose
 * leaves are exactly the matchers of Envoy's RBAC ({@code config.rbac.v3}), so that translating it
 * to RBAC protos is one-to-one and evaluating it here ({@link #test}) gives the answer Envoy and
 * grpc-java give. The explainer evaluates the same instances that are translated and pushed.
 *
 * <p>Leaves that Envoy places among principals are {@link PeerPrincipal}, {@link SourceIp},
 * {@link RemoteIp}, {@link JwtClaim} and {@link Header}; among permissions {@link Header},
 * {@link UrlPath}, {@link PathTemplate}, {@link DestinationIp}, {@link DestinationPort} and
 * {@link RequestedServerName}.
 */
public sealed interface Match {

  /** Whether the request matches, recording labelled conditions in {@code trace}. */
  boolean test(RequestFacts facts, Trace trace);

  /** Always matches (Envoy's {@code any: true}). */
  record Always() implements Match {
    public static final Always INSTANCE = new Always();

    @Override
    public boolean test(RequestFacts facts, Trace trace) {
      return true;
    }
  }

  /** Every part matches (an empty list matches). */
  record AllOf(List<Match> parts) implements Match {
    public AllOf {
      parts = List.copyOf(parts);
    }

    @Override
    public boolean test(RequestFacts facts, Trace trace) {
      boolean all = true;
      // every part is evaluated (no short cut) so that the trace shows each condition
      for (Match m : parts) {
        all &= m.test(facts, trace);
      }
      return all;
    }
  }

  /** Some part matches (an empty list does not). */
  record AnyOf(List<Match> parts) implements Match {
    public AnyOf {
      parts = List.copyOf(parts);
    }

    @Override
    public boolean test(RequestFacts facts, Trace trace) {
      boolean any = false;
      for (Match m : parts) {
        any |= m.test(facts, trace);
      }
      return any;
    }
  }

  /** The part does not match. */
  record Not(Match part) implements Match {
    public Not {
      Objects.requireNonNull(part, "part");
    }

    @Override
    public boolean test(RequestFacts facts, Trace trace) {
      return !part.test(facts, trace);
    }
  }

  /**
   * An Istio condition, named for explanations (e.g. {@code from[0].source.principals
   * [cluster.local/ns/shop/sa/frontend]}); it matches when {@code part} does and adds nothing to
   * the RBAC config.
   */
  record Labeled(String label, Match part) implements Match {
    public Labeled {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(part, "part");
    }

    @Override
    public boolean test(RequestFacts facts, Trace trace) {
      boolean r = part.test(facts, trace);
      trace.record(label, r);
      return r;
    }
  }

  /**
   * The peer's certificate identity (Envoy's {@code authenticated.principal_name}): over mutual
   * TLS, some URI SAN matches; over plaintext never.
   */
  record PeerPrincipal(StringMatch name) implements Match {
    public PeerPrincipal {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public boolean test(RequestFacts facts, Trace trace) {
      return facts.peerPrincipals() != null && facts.peerPrincipals().stream().anyMatch(name::matches);
    }
  }

  /** The connection's source address (Envoy's {@code direct_remote_ip}). */
  record SourceIp(Cidr block) implements Match {
    @Override
    public boolean test(RequestFacts facts, Trace trace) {
      return block.contains(facts.sourceIp());
    }
  }

  /** The original client address (Envoy's {@code remote_ip}). */
  record RemoteIp(Cidr block) implements Match {
    @Override
    public boolean test(RequestFacts facts, Trace trace) {
      return block.contains(facts.remoteIp());
    }
  }

  /**
   * A request header, all its values joined with {@code ,} as Envoy and grpc-java present them; a
   * null {@code value} only asks for presence. An absent header never matches.
   */
  record Header(String name, StringMatch value) implements Match {
    public Header {
      Objects.requireNonNull(name, "name");
    }

    /** Presence of {@code name}. */
    public static Header present(String name) {
      return new Header(name, null);
    }

    @Override
    public boolean test(RequestFacts facts, Trace trace) {
      String v = facts.header(name);
      return v != null && (value == null || value.matches(v));
    }
  }

  /**
   * A claim of the verified JWT, found by {@code path} in the payload Envoy's {@code jwt_authn}
   * writes to metadata: a string claim matches when some matcher matches it, a list claim when
   * some element does. Without a verified token never.
   */
  record JwtClaim(List<String> path, List<StringMatch> anyOf) implements Match {
    public JwtClaim {
      path = List.copyOf(path);
      anyOf = List.copyOf(anyOf);
    }

    @Override
    public boolean test(RequestFacts facts, Trace trace) {
      Object v = facts.jwtPayload();
      for (String step : path) {
        if (!(v instanceof Map<?, ?> m)) {
          return false;
        }
        v = m.get(step);
      }
      if (v instanceof String s) {
        return anyOf.stream().anyMatch(m -> m.matches(s));
      }
      if (v instanceof List<?> l) {
        return l.stream().anyMatch(e -> e instanceof String s && anyOf.stream().anyMatch(m -> m.matches(s)));
      }
      return false;
    }
  }

  /** The request path as authorized (Envoy's {@code url_path}: normalized, query removed). */
  record UrlPath(StringMatch path) implements Match {
    @Override
    public boolean test(RequestFacts facts, Trace trace) {
      return facts.path() != null && path.matches(facts.path());
    }
  }

  /**
   * An Istio path template ({@code {*}} one segment, {@code {**}} any number of segments),
   * Envoy's {@code uri_template}; for grpc-java, which has no template matcher, the equivalent
   * {@link #regex()}.
   */
  record PathTemplate(String template) implements Match {
    public PathTemplate {
      Objects.requireNonNull(template, "template");
    }

    /** Envoy's template syntax: {@code {*}} becomes {@code *}, {@code {**}} becomes {@code **}. */
    public String envoyTemplate() {
      return template.replace("{**}", "**").replace("{*}", "*");
    }

    /** The full-match regex equivalent to the template. */
    public String regex() {
      return PathTemplates.regex(template);
    }

    @Override
    public boolean test(RequestFacts facts, Trace trace) {
      return facts.path() != null && facts.path().matches(regex());
    }
  }

  /** The local address the connection reached. */
  record DestinationIp(Cidr block) implements Match {
    @Override
    public boolean test(RequestFacts facts, Trace trace) {
      return block.contains(facts.destinationIp());
    }
  }

  /** The local port the connection reached. */
  record DestinationPort(int port) implements Match {
    @Override
    public boolean test(RequestFacts facts, Trace trace) {
      return facts.destinationPort() == port;
    }
  }

  /** The TLS server name the client asked for (empty without SNI). */
  record RequestedServerName(StringMatch name) implements Match {
    @Override
    public boolean test(RequestFacts facts, Trace trace) {
      return name.matches(facts.sni());
    }
  }
}
