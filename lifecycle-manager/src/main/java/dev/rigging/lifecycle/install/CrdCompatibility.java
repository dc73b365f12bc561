package dev.rigging.lifecycle.install;

import dev.rigging.lifecycle.analyze.Message;
import dev.rigging.lifecycle.analyze.MessageType;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.render.Manifest;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code CrdCompatibility} compares the CRDs rig would apply with those in the cluster. Applying is
 * incompatible when it would stop serving a version that objects are stored in
 * ({@code status.storedVersions}: they could no longer be read), or change a CRD's scope or kind.
 * A new storage version is compatible and reported for information.
 */
final class CrdCompatibility {
  private CrdCompatibility() {}

  static List<Message> check(Cluster cluster, Manifest manifest) {
    List<Message> out = new ArrayList<>();
    for (var o : manifest.objects()) {
      if (!(o instanceof CustomResourceDefinition next)) {
        continue;
      }
      String name = next.getMetadata().getName();
      CustomResourceDefinition live = cluster.call("read CRD " + name,
          () -> cluster.client().apiextensions().v1().customResourceDefinitions().withName(name).get());
      if (live != null) {
        out.addAll(compare(live, next));
      }
    }
    return out;
  }

  static List<Message> compare(CustomResourceDefinition live, CustomResourceDefinition next) {
    String what = "CustomResourceDefinition " + next.getMetadata().getName();
    List<Message> out = new ArrayList<>();
    Set<String> served = next.getSpec().getVersions().stream().filter(CustomResourceDefinitionVersion::getServed)
        .map(CustomResourceDefinitionVersion::getName).collect(Collectors.toSet());
    List<String> stored = live.getStatus() == null || live.getStatus().getStoredVersions() == null ? List.of()
        : live.getStatus().getStoredVersions();
    List<String> lost = stored.stream().filter(v -> !served.contains(v)).toList();
    if (!lost.isEmpty()) {
      out.add(MessageType.INCOMPATIBLE_CRD_CHANGE.on(what, "objects are stored as " + String.join(", ", lost)
          + " but the new CRD serves only " + served.stream().sorted().collect(Collectors.joining(", "))
          + "; migrate them to a served version (and trim status.storedVersions) first"));
    }
    if (!live.getSpec().getScope().equals(next.getSpec().getScope())) {
      out.add(MessageType.INCOMPATIBLE_CRD_CHANGE.on(what, "scope would change from " + live.getSpec().getScope()
          + " to " + next.getSpec().getScope()));
    }
    if (!live.getSpec().getNames().getKind().equals(next.getSpec().getNames().getKind())) {
      out.add(MessageType.INCOMPATIBLE_CRD_CHANGE.on(what, "kind would change from "
          + live.getSpec().getNames().getKind() + " to " + next.getSpec().getNames().getKind()));
    }
    String liveStorage = storage(live);
    String nextStorage = storage(next);
    if (liveStorage != null && !liveStorage.equals(nextStorage)) {
      out.add(MessageType.CRD_STORAGE_VERSION_CHANGE.on(what, "the storage version changes from " + liveStorage
          + " to " + nextStorage + "; existing objects stay readable and move to " + nextStorage + " when rewritten"));
    }
    return out;
  }

  private static String storage(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().stream().filter(CustomResourceDefinitionVersion::getStorage)
        .map(CustomResourceDefinitionVersion::getName).findFirst().orElse(null);
  }
}
