package dev.rigging.istiod.xds;

import com.google.protobuf.Message;
import dev.rigging.istiod.model.Proxy;
import dev.rigging.istiod.model.PushContext;
import dev.rigging.istiod.networking.CredentialSecrets;
import io.envoyproxy.controlplane.cache.Resources;
import java.util.List;

/**
 * {@code SecretGenerator} serves secrets (SDS over ADS): the {@code credentialName} Secrets a
 * gateway may read, from {@link CredentialSecrets}. Workload certificates are not among them;
 * pilot-agent serves those to its Envoy.
 */
public final class SecretGenerator implements XdsGenerator {

  @Override
  public String typeUrl() {
    return Resources.V3.SECRET_TYPE_URL;
  }

  @Override
  public List<? extends Message> generate(PushContext push, Proxy proxy) {
    return CredentialSecrets.build(push, proxy);
  }
}
