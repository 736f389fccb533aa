package dev.saasextract.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand of {@code extract} shares: the common options, the environment and the output. */
abstract class Subcommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @ParentCommand
    ExtractCommand parent;

    @Spec
    CommandSpec spec;

    /** Applies the logging options and resolves the common options against the environment. */
    final Settings settings() {
        Logging.apply(common);
        return new Settings(common, parent.env);
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
