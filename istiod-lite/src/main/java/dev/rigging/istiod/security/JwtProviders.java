package dev.rigging.istiod.security;

import dev.rigging.istiod.model.JwksKeys;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.mesh.api.security.RequestAuthentication;
import dev.rigging.mesh.api.security.RequestAuthentication.JWTRule;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code JwtProviders} compiles the RequestAuthentications of a workload port into its token
 * issuers, as Istio does: every JWT rule of every policy, sorted by issuer, named
 * {@code origins-N}, keys from the rule's {@code jwks} or else from what the control plane fetched
 * for its {@code jwksUri} (or its issuer's OpenID discovery).
 */
public final class JwtProviders {
  private JwtProviders() {}

  private record Key(List<ConfigKey> policies) {}

  /** The providers of a port where {@code policies} apply; memoized per push. */
  public static List<JwtProvider> forPort(PushContext push, List<ConfigObject<RequestAuthentication>> policies) {
    if (policies.isEmpty()) {
      return List.of();
    }
    return push.memo(new Key(policies.stream().map(ConfigObject::key).toList()),
        () -> compile(policies, push.jwks()));
  }

  static List<JwtProvider> compile(List<ConfigObject<RequestAuthentication>> policies, JwksKeys jwks) {
    List<JWTRule> rules = new ArrayList<>();
    policies.forEach(p -> rules.addAll(p.spec().jwtRules()));
    rules.sort(Comparator.comparing(r -> r.issuer() == null ? "" : r.issuer()));
    List<JwtProvider> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      JWTRule r = rules.get(i);
      String name = "origins-" + i;
      if (r.jwks() != null && !r.jwks().isEmpty()) {
        out.add(new JwtProvider(name, r, r.jwks(), ""));
        continue;
      }
      JwksKeys.Source source = new JwksKeys.Source(r.issuer(), r.jwksUri());
      Optional<JwksKeys.Result> fetched = jwks.get(source);
      if (fetched.isPresent() && fetched.get().ok()) {
        out.add(new JwtProvider(name, r, fetched.get().jwks(), ""));
      } else {
        String problem = fetched.map(JwksKeys.Result::error).orElse("keys not fetched yet");
        out.add(new JwtProvider(name, r, JwtProvider.UNVERIFIABLE_JWKS, problem));
      }
    }
    return List.copyOf(out);
  }

  /** Every key source the RequestAuthentications {@code all} need fetched (rules without inline keys). */
  public static List<JwksKeys.Source> sources(List<ConfigObject<RequestAuthentication>> all) {
    List<JwksKeys.Source> out = new ArrayList<>();
    for (ConfigObject<RequestAuthentication> p : all) {
      for (JWTRule r : p.spec().jwtRules()) {
        if (r.jwks() == null || r.jwks().isEmpty()) {
          JwksKeys.Source s = new JwksKeys.Source(r.issuer(), r.jwksUri());
          if (!out.contains(s)) {
            out.add(s);
          }
        }
      }
    }
    return out;
  }
}
