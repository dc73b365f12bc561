package dev.rigging.lifecycle.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rigging.lifecycle.catalog.KubernetesVersion;
import dev.rigging.lifecycle.catalog.MeshVersion;
import dev.rigging.lifecycle.catalog.UpgradeAdvice;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.kube.MeshStateReader;
import dev.rigging.lifecycle.output.Format;
import dev.rigging.lifecycle.output.Table;
import dev.rigging.lifecycle.render.InstalledState;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rig check-upgrade}: what the catalog offers each installed revision. */
@Command(name = "check-upgrade", description = {"Show what the catalog offers each installed revision.",
    "Newer patches (and whether one is a security fix), the newest version supported on this cluster's",
    "Kubernetes, and end-of-life status."})
public class CheckUpgradeCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOption output;
  @Mixin HelpOption help;
  @Inject RigContext ctx;

  @Option(names = "--catalog", paramLabel = "FILE", description = "Release catalog (default: $RIG_CATALOG or built-in).")
  Path catalog;

  @Override
  public Integer call() {
    Format format = output.format();
    var cat = ctx.catalog(Optional.ofNullable(catalog));
    try (Cluster c = Cluster.connect(cluster.ref())) {
      KubernetesVersion k8s = c.kubernetesVersion();
      List<InstalledState> installed = MeshStateReader.installed(c, cluster.namespace());
      if (installed.isEmpty()) {
        ctx.console().info("rig has not installed Rigging in " + cluster.namespace() + " on " + c.context());
        return 0;
      }
      Table t = new Table("REVISION", "VERSION", "FLAVOUR", "STATUS", "LATEST PATCH", "NEWEST ON K8S " + k8s, "END OF LIFE");
      ArrayNode arr = JsonNodeFactory.instance.arrayNode();
      for (InstalledState s : installed) {
        UpgradeAdvice a = UpgradeAdvice.of(cat, s.version(), s.flavour(), k8s, ctx.today());
        t.row(s.revision(), s.version(), s.flavour(), a.status(), name(a.latestPatch()) + (a.securityPatch() ? " (security)" : ""),
            name(a.newestSupported()), a.current().map(m -> m.endOfLife().toString()).orElse("unknown"));
        ObjectNode n = arr.addObject();
        n.put("revision", s.revision());
        n.put("version", s.version());
        n.put("flavour", s.flavour());
        n.put("status", a.status());
        n.put("latestPatch", name(a.latestPatch()));
        n.put("securityPatch", a.securityPatch());
        n.put("newestSupported", name(a.newestSupported()));
        n.put("kubernetes", k8s.toString());
        n.put("endOfLife", a.current().map(m -> m.endOfLife().toString()).orElse(null));
        n.put("pastEndOfLife", a.endOfLife());
      }
      ctx.console().data(format == Format.TABLE ? t.toString() : format.render(arr));
      return 0;
    }
  }

  private static String name(Optional<MeshVersion> v) {
    return v.map(m -> m.version().toString()).orElse("-");
  }
}
