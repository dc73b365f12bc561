package dev.rigging.istiod.networking;

import com.google.protobuf.Empty;
import dev.rigging.istiod.security.JwtProvider;
import dev.rigging.mesh.api.security.RequestAuthentication.JWTRule;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtClaimToHeader;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtHeader;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtRequirement;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtRequirementAndList;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtRequirementOrList;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.RequirementRule;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code JwtAuthnFilters} makes Envoy's {@code jwt_authn} filter from a port's token issuers, as
 * Istio does: keys inline ({@code local_jwks}, never fetched by Envoy), the verified payload written
 * to metadata ({@value #PAYLOAD_KEY}) for authorization, {@code scope} and {@code permission}
 * split on spaces. A request without a token passes with no identity; a token that is present must
 * verify against some issuer (with one issuer: {@code provider OR allow_missing}; with several:
 * any provider, or every provider-or-missing, so that issuers sharing a header work); requiring a
 * token is an AuthorizationPolicy's job. CORS preflights are not checked.
 */
final class JwtAuthnFilters {
  static final String NAME = "envoy.filters.http.jwt_authn";
  /** Where the verified payload is written in {@value #NAME}'s dynamic metadata. */
  static final String PAYLOAD_KEY = "payload";
  /** Claims Istio always treats as space-separated lists. */
  private static final List<String> SPACE_DELIMITED = List.of("permission", "scope");

  private JwtAuthnFilters() {}

  /** The filter for {@code providers}; none when there are none. */
  static List<HttpFilter> filters(List<JwtProvider> providers) {
    if (providers.isEmpty()) {
      return List.of();
    }
    JwtAuthentication.Builder config = JwtAuthentication.newBuilder().setBypassCorsPreflight(true);
    List<JwtRequirement> eachOrMissing = new ArrayList<>();
    List<JwtRequirement> any = new ArrayList<>();
    for (JwtProvider p : providers) {
      config.putProviders(p.name(), provider(p));
      JwtRequirement named = JwtRequirement.newBuilder().setProviderName(p.name()).build();
      any.add(named);
      eachOrMissing.add(JwtRequirement.newBuilder().setRequiresAny(JwtRequirementOrList.newBuilder()
          .addRequirements(named)
          .addRequirements(JwtRequirement.newBuilder().setAllowMissing(Empty.getDefaultInstance()))).build());
    }
    JwtRequirement requires = eachOrMissing.size() == 1 ? eachOrMissing.get(0)
        : JwtRequirement.newBuilder().setRequiresAny(JwtRequirementOrList.newBuilder().addAllRequirements(any)
            .addRequirements(JwtRequirement.newBuilder().setRequiresAll(
                JwtRequirementAndList.newBuilder().addAllRequirements(eachOrMissing)))).build();
    config.addRules(RequirementRule.newBuilder()
        .setMatch(io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder().setPrefix("/"))
        .setRequires(requires));
    return List.of(HttpFilter.newBuilder().setName(NAME).setTypedConfig(TypedConfigs.pack(config.build())).build());
  }

  private static io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtProvider provider(JwtProvider p) {
    JWTRule r = p.rule();
    TreeSet<String> spaceDelimited = new TreeSet<>(SPACE_DELIMITED);
    spaceDelimited.addAll(r.spaceDelimitedClaims());
    var b = io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtProvider.newBuilder()
        .setIssuer(p.issuer())
        .addAllAudiences(r.audiences())
        .setForward(Boolean.TRUE.equals(r.forwardOriginalToken()))
        .setPayloadInMetadata(PAYLOAD_KEY)
        .setNormalizePayloadInMetadata(
            io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtProvider.NormalizePayload.newBuilder()
                .addAllSpaceDelimitedClaims(spaceDelimited))
        .setLocalJwks(DataSource.newBuilder().setInlineString(p.jwks()));
    if (r.outputPayloadToHeader() != null) {
      b.setForwardPayloadHeader(r.outputPayloadToHeader());
    }
    r.fromHeaders().forEach(h -> b.addFromHeaders(JwtHeader.newBuilder().setName(h.name())
        .setValuePrefix(h.prefix() == null ? "" : h.prefix())));
    b.addAllFromParams(r.fromParams());
    b.addAllFromCookies(r.fromCookies());
    r.outputClaimToHeaders().forEach(c -> b.addClaimToHeaders(JwtClaimToHeader.newBuilder()
        .setHeaderName(c.header()).setClaimName(c.claim())));
    return b.build();
  }
}
