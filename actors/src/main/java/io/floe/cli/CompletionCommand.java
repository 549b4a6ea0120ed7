package io.floe.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code floe completion}: prints picocli's generated completion script for every subcommand and option; the same
 * script serves bash and zsh (through zsh's bashcompinit).
 */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        description = {
            "Prints a shell completion script for floe's commands and options. Load it with:",
            "  source <(floe completion bash)     # bash, e.g. in ~/.bashrc",
            "  source <(floe completion zsh)      # zsh, e.g. in ~/.zshrc"
        })
public final class CompletionCommand extends FloeCommand {
    /** The shells the script is for. */
    enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", arity = "0..1", defaultValue = "bash",
            description = "bash or zsh (default: ${DEFAULT-VALUE}).")
    Shell shell;

    @Override
    protected int run() {
        String script = AutoComplete.bash("floe", spec.root().commandLine());
        if (shell == Shell.zsh) {
            // picocli's script already loads bashcompinit under zsh; make sure compinit ran first.
            out().println("autoload -U +X compinit && compinit");
            out().println("autoload -U +X bashcompinit && bashcompinit");
        }
        out().print(script);
        out().flush();
        return ExitCodes.OK;
    }
}
