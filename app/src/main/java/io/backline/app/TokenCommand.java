package io.backline.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "token", description = "Manage API tokens.",
        subcommands = {TokenCreateCommand.class, TokenListCommand.class, TokenRevokeCommand.class, HelpCommand.class})
final class TokenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** {@code backline token} alone: the subcommands are the answer, and the exit code says it was incomplete. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
