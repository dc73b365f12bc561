package dev.rigging.lifecycle.cli;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rig completion bash|zsh}: a completion script for the shell. */
@Command(name = "completion", description = {"Print a shell completion script.",
    "bash: source <(rig completion bash)   zsh: autoload -U +X bashcompinit && bashcompinit && source <(rig completion zsh)"})
public class CompletionCommand implements Callable<Integer> {
  @Mixin HelpOption help;
  @Spec CommandLine.Model.CommandSpec spec;
  @Inject RigContext ctx;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh (zsh runs the bash script through bashcompinit).")
  String shell;

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new dev.rigging.lifecycle.errors.UsageException("unsupported shell \"" + shell + "\"; valid: bash, zsh");
    }
    CommandLine root = spec.root().commandLine();
    ctx.console().data(AutoComplete.bash("rig", root));
    return 0;
  }
}
