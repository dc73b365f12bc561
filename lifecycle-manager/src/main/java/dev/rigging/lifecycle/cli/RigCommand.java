package dev.rigging.lifecycle.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** {@code RigCommand} is the top of the {@code rig} command tree. */
@TopCommand
@Command(name = "rig", mixinStandardHelpOptions = true, description = "Install, upgrade and roll back Rigging.")
public class RigCommand {
}
