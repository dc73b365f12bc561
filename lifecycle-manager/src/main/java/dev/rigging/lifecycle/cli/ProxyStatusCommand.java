package dev.rigging.lifecycle.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.output.Format;
import dev.rigging.lifecycle.output.Table;
import dev.rigging.lifecycle.proxy.ProxyStatusReader;
import dev.rigging.lifecycle.proxy.ProxySync;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rig proxy-status}: what every proxy was sent and acknowledged, per istiod-lite pod. */
@Command(name = "proxy-status", description = {"Show each proxy's xDS sync state, per istiod-lite pod.",
    "States (SYNCED, STALE, NACKED, NOT SENT) come from each pod's /debug/syncz, read through the API",
    "server's pod proxy."})
public class ProxyStatusCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;
  @Mixin OutputOption output;
  @Mixin HelpOption help;
  @Inject RigContext ctx;

  @Parameters(paramLabel = "POD.NAMESPACE", arity = "0..1", description = "Only this proxy.")
  String proxy;

  @Option(names = {"-r", "--revision"}, paramLabel = "REV", description = "Only proxies of this revision.")
  String revision;

  @Override
  public Integer call() {
    Format format = output.format();
    try (Cluster c = Cluster.connect(cluster.ref())) {
      List<ProxySync> all = ProxyStatusReader.read(c, cluster.namespace(), Optional.ofNullable(revision),
          p -> ctx.console().info("  " + p));
      List<ProxySync> shown = all.stream().filter(s -> proxy == null || s.proxy().equals(proxy)).toList();
      if (format == Format.TABLE) {
        Table t = new Table("NAME", "TYPE", "CDS", "LDS", "EDS", "RDS", "ISTIOD", "REVISION");
        shown.forEach(s -> t.row(s.proxy(), s.type(), s.cds(), s.lds(), s.eds(), s.rds(), s.istiod(), s.revision()));
        ctx.console().data(t.toString());
      } else {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        shown.forEach(s -> arr.add(((ObjectNode) s.raw().deepCopy()).put("istiod", s.istiod()).put("revision", s.revision())));
        ctx.console().data(format.render(arr));
      }
      if (proxy != null && shown.isEmpty()) {
        ctx.console().info("proxy " + proxy + " is not connected to any istiod-lite pod of " + cluster.namespace());
        return 1;
      }
      return 0;
    }
  }
}
