package dev.rigging.lifecycle.cli;

import picocli.CommandLine.Option;

/** {@code HelpOption} is {@code -h/--help} (rig's subcommands have no {@code --version}: it selects a mesh version). */
public class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;
}
