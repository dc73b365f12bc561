package dev.rigging.lifecycle.cli;

import dev.rigging.lifecycle.errors.ExitCodes;
import dev.rigging.lifecycle.errors.RigException;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * {@code RigCommandLine} sets rig's exit codes on the picocli command line: bad flags are usage
 * errors (64, with the message and where to get help, not the whole usage text), and a
 * {@link RigException} exits with its own code after one {@code Error:} line. Anything else is a
 * bug: its stack trace is printed and the exit code is 1.
 */
@ApplicationScoped
public class RigCommandLine {

  @Produces
  CommandLine commandLine(PicocliCommandLineFactory factory) {
    CommandLine cl = factory.create();
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      cmd.getErr().println("Error: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
      cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
      return ExitCodes.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
      if (ex instanceof RigException r) {
        cmd.getErr().println("Error: " + r.getMessage());
        return r.exitCode();
      }
      StringWriter trace = new StringWriter();
      ex.printStackTrace(new PrintWriter(trace));
      cmd.getErr().println("Error: internal error in rig (please report it): " + ex);
      cmd.getErr().println(trace);
      return ExitCodes.FAILURE;
    });
    return cl;
  }
}
