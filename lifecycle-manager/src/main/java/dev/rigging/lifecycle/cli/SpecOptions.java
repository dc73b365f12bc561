package dev.rigging.lifecycle.cli;

import dev.rigging.lifecycle.spec.SpecAssembler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code SpecOptions} say what to install: {@code -f}, {@code --set}, {@code -r}, {@code --version}. */
public class SpecOptions {
  @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
      description = "IstioOperator file to overlay (repeatable; later files win).")
  List<Path> files = new ArrayList<>();

  @Option(names = {"-s", "--set"}, paramLabel = "PATH=VALUE",
      description = "Override a spec path, e.g. values.pilot.replicaCount=2, profile=demo, cloud=eks (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(names = {"-r", "--revision"}, paramLabel = "REV", description = "Control-plane revision (default: default).")
  String revision;

  @Option(names = "--version", paramLabel = "VERSION", description = "Rigging version from the catalog (default: the newest).")
  String version;

  public SpecAssembler.Inputs inputs() {
    return SpecAssembler.Inputs.of(files, sets, Optional.ofNullable(revision), Optional.ofNullable(version));
  }

  public Optional<String> revision() {
    return Optional.ofNullable(revision);
  }

  public Optional<String> version() {
    return Optional.ofNullable(version);
  }

  public List<Path> files() {
    return files;
  }

  public List<String> sets() {
    return sets;
  }
}
