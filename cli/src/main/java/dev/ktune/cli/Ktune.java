package dev.ktune.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ktune} command line. */
@Command(name = "ktune", mixinStandardHelpOptions = true, version = "ktune 0.1.0",
        description = "Hyperparameter tuning as an event-driven pipeline on Apache Kafka.",
        subcommands = {LocalCommand.class, SubmitCommand.class, TopicsCommand.class})
public final class Ktune implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Ktune()).execute(args));
    }
}
