package dev.ktune.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ktune submit STUDY.json --bootstrap-server HOST:PORT}: sends a study to any cluster. */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Send a study to tune-requests on a running cluster.")
final class SubmitCommand implements Callable<Integer> {
    @Parameters(paramLabel = "STUDY.json", description = "The study spec (JSON).")
    Path study;

    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Override
    public Integer call() throws Exception {
        Studies.StudyFile file = Studies.readOrExplain(study);
        if (file == null) return 2;
        Studies.submit(bootstrap, file);
        System.out.println("submitted study " + file.spec().studyId() + " to " + bootstrap);
        return 0;
    }
}
