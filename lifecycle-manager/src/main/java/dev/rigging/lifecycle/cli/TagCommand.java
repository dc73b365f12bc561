package dev.rigging.lifecycle.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rigging.lifecycle.install.TagManager;
import dev.rigging.lifecycle.kube.Cluster;
import dev.rigging.lifecycle.output.Console;
import dev.rigging.lifecycle.output.Format;
import dev.rigging.lifecycle.output.Progress;
import dev.rigging.lifecycle.output.Table;
import dev.rigging.lifecycle.render.ManifestYaml;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rig tag set|list|remove|generate}: revision tags, as istioctl's. */
@Command(name = "tag", description = {"Manage revision tags (set, list, remove, generate).",
    "Tags are stable names (prod-stable, default) that namespaces select with istio.io/rev=TAG and that move",
    "between revisions. The default tag also carries default injection (istio-injection=enabled) and validation."},
    subcommands = {TagCommand.Set.class, TagCommand.ListTags.class, TagCommand.Remove.class, TagCommand.Generate.class})
public class TagCommand {
  @Mixin HelpOption help;

  /** {@code rig tag set TAG --revision R}. */
  @Command(name = "set", description = "Create a tag, or move it with --overwrite (namespaces using it follow for new pods).")
  public static class Set implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Mixin HelpOption help;
    @Inject RigContext ctx;
    @Parameters(paramLabel = "TAG") String tag;
    @Option(names = {"-r", "--revision"}, required = true, paramLabel = "REV") String revision;
    @Option(names = "--overwrite", description = "Move the tag if it exists.") boolean overwrite;
    @Option(names = {"-y", "--skip-confirmation"}) boolean yes;
    @Option(names = "--dry-run") boolean dryRun;
    @Option(names = "--audit-log", paramLabel = "FILE") Path auditLog;

    @Override
    public Integer call() {
      Console console = ctx.console();
      try (Cluster c = Cluster.connect(cluster.ref()); Progress progress = Progress.on(console)) {
        TagManager tags = new TagManager(c, cluster.namespace());
        if (dryRun) {
          ChangeReport.dryRun(console, tags.set(tag, revision, overwrite, true).changes());
          return 0;
        }
        Confirmation.require(console, yes, "This will point tag " + tag + " at revision " + revision + " in cluster "
            + c.context() + ".");
        TagManager.Result r = ctx.audit(Optional.ofNullable(auditLog)).record(c, "tag set",
            Map.of("tag", tag, "revision", revision), () -> tags.set(tag, revision, overwrite, false));
        progress.ok("Revision tag " + tag + (r.previous() == null ? " created" : " moved from " + r.previous())
            + ", now " + revision);
        if (!r.namespaces().isEmpty()) {
          progress.note("namespaces using it: " + String.join(", ", r.namespaces())
              + "; new pods get revision " + revision + ", restart running workloads to move them"
              + " (kubectl rollout restart deployment -n NAMESPACE)");
        }
        return 0;
      }
    }
  }

  /** {@code rig tag list}. */
  @Command(name = "list", description = "List tags, their revisions and the namespaces that use them.")
  public static class ListTags implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Mixin OutputOption output;
    @Mixin HelpOption help;
    @Inject RigContext ctx;

    @Override
    public Integer call() {
      Format format = output.format();
      try (Cluster c = Cluster.connect(cluster.ref())) {
        var list = new TagManager(c, cluster.namespace()).list();
        if (format == Format.TABLE) {
          Table t = new Table("TAG", "REVISION", "NAMESPACES");
          list.forEach(i -> t.row(i.tag(), i.revision(), String.join(",", i.namespaces())));
          ctx.console().data(t.toString());
        } else {
          ArrayNode arr = JsonNodeFactory.instance.arrayNode();
          list.forEach(i -> arr.add(ManifestYaml.tree(i)));
          ctx.console().data(format.render(arr));
        }
        return 0;
      }
    }
  }

  /** {@code rig tag remove TAG}. */
  @Command(name = "remove", description = "Remove a tag (refused while namespaces use it, unless --force).")
  public static class Remove implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Mixin HelpOption help;
    @Inject RigContext ctx;
    @Parameters(paramLabel = "TAG") String tag;
    @Option(names = "--force") boolean force;
    @Option(names = {"-y", "--skip-confirmation"}) boolean yes;
    @Option(names = "--dry-run") boolean dryRun;
    @Option(names = "--audit-log", paramLabel = "FILE") Path auditLog;

    @Override
    public Integer call() {
      Console console = ctx.console();
      try (Cluster c = Cluster.connect(cluster.ref()); Progress progress = Progress.on(console)) {
        TagManager tags = new TagManager(c, cluster.namespace());
        if (dryRun) {
          ChangeReport.dryRun(console, tags.remove(tag, force, true).changes());
          return 0;
        }
        Confirmation.require(console, yes, "This will remove revision tag " + tag + " from cluster " + c.context() + ".");
        TagManager.Result r = ctx.audit(Optional.ofNullable(auditLog)).record(c, "tag remove", Map.of("tag", tag),
            () -> tags.remove(tag, force, false));
        progress.ok("Revision tag " + tag + " removed (it pointed at " + r.previous() + ")");
        return 0;
      }
    }
  }

  /** {@code rig tag generate TAG --revision R}: the webhooks, without applying them. */
  @Command(name = "generate", description = "Print the webhook configurations of a tag without applying them.")
  public static class Generate implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Mixin HelpOption help;
    @Inject RigContext ctx;
    @Parameters(paramLabel = "TAG") String tag;
    @Option(names = {"-r", "--revision"}, required = true, paramLabel = "REV") String revision;

    @Override
    public Integer call() {
      try (Cluster c = Cluster.connect(cluster.ref())) {
        ctx.console().data(ManifestYaml.yaml(new TagManager(c, cluster.namespace()).generate(tag, revision)));
        return 0;
      }
    }
  }
}
