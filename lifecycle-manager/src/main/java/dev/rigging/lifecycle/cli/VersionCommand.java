package dev.rigging.lifecycle.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rigging.lifecycle.catalog.Catalog;
import dev.rigging.lifecycle.catalog.Flavour;
import dev.rigging.lifecycle.catalog.MeshVersion;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.kube.MeshStateReader;
import dev.rigging.lifecycle.kube.ReadinessWaiter;
import dev.rigging.lifecycle.output.Format;
import dev.rigging.lifecycle.output.Table;
import dev.rigging.lifecycle.render.InstalledState;
import dev.rigging.lifecycle.render.RevisionNames;
import dev.rigging.lifecycle.webhook.MeshState;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rig version}: the client, the catalog, and (unless {@code --remote=false}) the installed revisions. */
@Command(name = "version", description = "Print rig's version, the release catalog and the installed revisions.")
public class VersionCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOption output;
  @Mixin HelpOption help;
  @Inject RigContext ctx;

  @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
  String clientVersion;

  @Option(names = "--remote", defaultValue = "true", arity = "0..1", fallbackValue = "true",
      description = "Also read the installed revisions from the cluster (default: ${DEFAULT-VALUE}).")
  boolean remote;

  @Option(names = "--catalog", paramLabel = "FILE", description = "Release catalog (default: $RIG_CATALOG or built-in).")
  Path catalog;

  @Override
  public Integer call() {
    Format format = output.format();
    Catalog cat = ctx.catalog(Optional.ofNullable(catalog));
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.putObject("client").put("version", clientVersion);
    ArrayNode versions = data.putObject("catalog").put("source", cat.source()).putArray("versions");
    Table ct = new Table("VERSION", "FLAVOURS", "KUBERNETES", "END OF LIFE", "SECURITY", "PROXY (std)");
    for (MeshVersion v : cat.versions()) {
      String flavours = v.flavours().keySet().stream().sorted().map(Flavour::id).collect(Collectors.joining(","));
      String proxy = v.flavours().containsKey(Flavour.STD) ? v.images(Flavour.STD).proxy() : "-";
      ct.row(v.version(), flavours, v.kubernetes(), v.endOfLife(), v.security() ? "yes" : "", proxy);
      versions.addObject().put("version", v.version().toString()).put("flavours", flavours)
          .put("kubernetes", v.kubernetes().toString()).put("endOfLife", v.endOfLife().toString())
          .put("security", v.security()).put("proxy", proxy);
    }
    Table rt = new Table("REVISION", "VERSION", "FLAVOUR", "PROFILE", "TAGS", "ISTIOD IMAGE", "READY");
    if (remote) {
      ArrayNode revs = data.putArray("controlPlane");
      try (Cluster c = Cluster.connect(cluster.ref())) {
        MeshState state = MeshStateReader.read(c, cluster.namespace());
        for (InstalledState s : MeshStateReader.installed(c, cluster.namespace())) {
          String tags = String.join(",", state.tagsOf(s.revision()));
          String ready = ready(c, s);
          rt.row(s.revision(), s.version(), s.flavour(), s.profile(), tags, s.istiodImage(), ready);
          revs.addObject().put("revision", s.revision()).put("version", s.version()).put("flavour", s.flavour())
              .put("profile", s.profile()).put("tags", tags).put("istiodImage", s.istiodImage()).put("ready", ready);
        }
      }
    }
    if (format != Format.TABLE) {
      ctx.console().data(format.render(data));
      return 0;
    }
    StringBuilder sb = new StringBuilder("client version: " + clientVersion + "\ncatalog: " + cat.source() + "\n")
        .append(ct);
    if (remote) {
      sb.append("\ncontrol plane (namespace ").append(cluster.namespace()).append("):\n")
          .append(rt.isEmpty() ? "no revisions installed by rig\n" : rt.toString());
    }
    ctx.console().data(sb.toString());
    return 0;
  }

  private static String ready(Cluster c, InstalledState s) {
    var d = c.call("read istiod of revision " + s.revision(), () -> c.client().apps().deployments()
        .inNamespace(s.namespace()).withName(new RevisionNames(s.revision(), s.namespace()).istiod()).get());
    if (d == null) {
      return "missing";
    }
    return ReadinessWaiter.deploymentNotReady(d).orElse("ready");
  }
}
