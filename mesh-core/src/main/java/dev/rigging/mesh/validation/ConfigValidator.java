package dev.rigging.mesh.validation;

import dev.rigging.mesh.api.networking.DestinationRule;
import dev.rigging.mesh.api.networking.Gateway;
import dev.rigging.mesh.api.networking.ServiceEntry;
import dev.rigging.mesh.api.networking.Sidecar;
import dev.rigging.mesh.api.networking.VirtualService;
import dev.rigging.mesh.api.networking.WorkloadEntry;
import dev.rigging.mesh.api.security.AuthorizationPolicy;
import dev.rigging.mesh.api.security.PeerAuthentication;
import dev.rigging.mesh.api.security.RequestAuthentication;
import dev.rigging.mesh.config.ConfigError;
import dev.rigging.mesh.config.ConfigObject;
import java.util.List;
import java.util.Objects;

/**
 * {@code ConfigValidator} checks decoded Istio objects against Istio's semantic rules (the ones
 * istiod's admission webhook applies), and reports every problem with the object's origin, a field
 * path such as {@code spec.http[0].route[1].weight}, and what would be valid.
 *
 * <p>Decoding (types, enums, unknown fields) is {@link dev.rigging.mesh.config.ConfigCodec}'s job;
 * this class only sees well-typed objects. It is stateless and thread-safe.
 */
public final class ConfigValidator {

  public ConfigValidator() {}

  /** The errors in {@code object}; empty when Istio would accept it. */
  public List<ConfigError> validate(ConfigObject<?> object) {
    return check(object).errors();
  }

  /** The errors and the warnings (accepted, but probably not what was meant) in {@code object}. */
  public ValidationResult check(ConfigObject<?> object) {
    Objects.requireNonNull(object, "object");
    Issues issues = new Issues(object.origin(), object.key().toString());
    String ns = object.namespace();
    switch (object.kind()) {
      case VIRTUAL_SERVICE -> VirtualServiceValidator.validate(issues, ns, (VirtualService) object.spec());
      case DESTINATION_RULE -> DestinationRuleValidator.validate(issues, ns, (DestinationRule) object.spec());
      case SERVICE_ENTRY -> ServiceEntryValidator.validate(issues, ns, (ServiceEntry) object.spec());
      case WORKLOAD_ENTRY -> WorkloadEntryValidator.validate(issues, (WorkloadEntry) object.spec());
      case GATEWAY -> GatewayValidator.validate(issues, object.name(), (Gateway) object.spec());
      case SIDECAR -> SidecarValidator.validate(issues, (Sidecar) object.spec());
      case PEER_AUTHENTICATION -> PeerAuthenticationValidator.validate(issues, (PeerAuthentication) object.spec());
      case AUTHORIZATION_POLICY -> AuthorizationPolicyValidator.validate(issues, (AuthorizationPolicy) object.spec());
      case REQUEST_AUTHENTICATION -> RequestAuthenticationValidator.validate(issues, (RequestAuthentication) object.spec());
    }
    return issues.result();
  }
}
