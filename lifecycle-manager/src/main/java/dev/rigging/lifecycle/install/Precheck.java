package dev.rigging.lifecycle.install;

import dev.rigging.lifecycle.analyze.Level;
import dev.rigging.lifecycle.analyze.Message;
import dev.rigging.lifecycle.analyze.MessageType;
import dev.rigging.lifecycle.catalog.KubernetesVersion;
import dev.rigging.lifecycle.catalog.MeshVersion;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.spec.Cloud;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code Precheck} decides whether a plan is safe to apply to a cluster, before anything is
 * written: the target version supports the cluster's Kubernetes version; the CRD changes are
 * compatible; rig's webhooks all call Services that exist; the caller may do everything the plan
 * needs (SelfSubjectAccessReview); and no upstream Istio (or other tool) owns an object rig would
 * write. Install and upgrade stop on any error; {@code rig precheck} prints everything.
 */
public final class Precheck {
  private Precheck() {}

  /** Every finding for applying {@code plan} to {@code cluster}, errors first. */
  public static List<Message> run(Cluster cluster, InstallPlan plan, boolean takeOver, LocalDate today) {
    List<Message> out = new ArrayList<>();
    KubernetesVersion k8s = cluster.kubernetesVersion();
    out.addAll(kubernetesVersion(plan.target().version(), k8s));
    out.addAll(CrdCompatibility.check(cluster, plan.manifest()));
    Set<String> coming = plan.manifest().objects().stream().filter(o -> o.getKind().equals("Service"))
        .map(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()).collect(Collectors.toSet());
    out.addAll(WebhookTargetCheck.check(cluster, plan.target().namespace(), coming));
    out.addAll(PermissionCheck.check(cluster, plan.manifest()));
    out.addAll(OwnershipCheck.check(cluster, plan.manifest(), takeOver));
    MeshVersion v = plan.target().version();
    if (v.endOfLifeOn(today)) {
      out.add(MessageType.VERSION_END_OF_LIFE.on("Rigging " + v.version(), "version " + v.version()
          + " reached end of life on " + v.endOfLife() + "; rig check-upgrade lists supported versions"));
    }
    if (plan.target().resolved().cloud() == Cloud.GKE) {
      out.add(MessageType.PRIVATE_CLUSTER_WEBHOOK_PORT.on("Cluster " + cluster.context(),
          "on a private GKE cluster the control plane reaches nodes only on 443 and 10250; allow TCP 15017 for the"
              + " admission webhooks: gcloud compute firewall-rules create allow-rigging-webhooks --network NETWORK"
              + " --source-ranges CONTROL_PLANE_CIDR --target-tags NODE_TAG --allow tcp:15017"));
    }
    out.sort((a, b) -> b.level().compareTo(a.level()));
    return out;
  }

  static List<Message> kubernetesVersion(MeshVersion v, KubernetesVersion k8s) {
    if (v.kubernetes().contains(k8s)) {
      return List.of();
    }
    return List.of(MessageType.UNSUPPORTED_KUBERNETES_VERSION.on("Cluster", "Kubernetes " + k8s
        + " is not supported by Rigging " + v.version() + ", which supports Kubernetes " + v.kubernetes()));
  }

  public static boolean hasErrors(List<Message> messages) {
    return messages.stream().anyMatch(m -> m.level() == Level.ERROR);
  }
}
