package dev.rigging.lifecycle.cli;

import dev.rigging.lifecycle.output.Format;
import picocli.CommandLine.Option;

/** {@code OutputOption} is {@code -o table|yaml|json}. */
public class OutputOption {
  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "Output format: table, yaml or json (default: ${DEFAULT-VALUE}).")
  String output;

  public Format format() {
    return Format.of(output);
  }
}
