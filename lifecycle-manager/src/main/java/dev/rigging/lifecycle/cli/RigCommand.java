package dev.rigging.lifecycle.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/**
 * {@code RigCommand} is the top of the {@code rig} command tree. Every subcommand is thin: it reads
 * flags, calls the install/kube/analyze classes, and prints; exit codes come from the error types.
 */
@TopCommand
@Command(name = "rig", mixinStandardHelpOptions = false, usageHelpAutoWidth = true,
    description = {"Install, upgrade, canary and roll back Rigging on one cluster or a fleet.",
        "Progress goes to stderr, data to stdout. Exit codes: 0 ok, 1 failure, 64 usage, 65 unreadable input,"
            + " 79 analyze found issues."},
    subcommands = {InstallCommand.class, UpgradeCommand.class, UninstallCommand.class, PrecheckCommand.class,
        VersionCommand.class, CheckUpgradeCommand.class, ManifestCommand.class, TagCommand.class,
        AnalyzeCommand.class, ProxyStatusCommand.class, FleetCommand.class,
        CompletionCommand.class})
public class RigCommand {
  @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;
}
