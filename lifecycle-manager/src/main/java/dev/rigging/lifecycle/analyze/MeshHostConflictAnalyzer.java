package dev.rigging.lifecycle.analyze;

import dev.rigging.mesh.api.networking.VirtualService;
import dev.rigging.mesh.config.ConfigObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code MeshHostConflictAnalyzer} reports hosts that several VirtualServices bound to the mesh
 * gateway define (IST0109): sidecars would get one of them, undefined which.
 */
public final class MeshHostConflictAnalyzer implements Analyzer {

  @Override
  public List<Message> analyze(AnalysisInput in) {
    Map<String, List<String>> byHost = new TreeMap<>();
    for (ConfigObject<VirtualService> vs : in.of(VirtualService.class)) {
      boolean mesh = vs.spec().gateways().isEmpty() || vs.spec().gateways().contains("mesh");
      if (!mesh) {
        continue;
      }
      for (String h : vs.spec().hosts()) {
        byHost.computeIfAbsent(in.fqdn(h, vs.namespace()), k -> new ArrayList<>()).add(vs.namespace() + "/" + vs.name());
      }
    }
    List<Message> out = new ArrayList<>();
    byHost.forEach((host, names) -> {
      if (names.size() > 1) {
        for (String n : names) {
          out.add(MessageType.CONFLICTING_MESH_GATEWAY_VIRTUAL_SERVICE_HOSTS.on("VirtualService " + n,
              "The VirtualServices " + String.join(",", names) + " associated with mesh gateway define the same host "
                  + host + " which can lead to undefined behavior. This can be fixed by merging the conflicting"
                  + " VirtualServices into a single resource."));
        }
      }
    });
    return out;
  }
}
