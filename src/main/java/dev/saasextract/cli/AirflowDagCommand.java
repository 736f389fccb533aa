package dev.saasextract.cli;

import dev.saasextract.airflow.AirflowDags;
import dev.saasextract.airflow.DagFile;
import dev.saasextract.airflow.DagSettings;
import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.manifest.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "airflow-dag", mixinStandardHelpOptions = true,
        description = "Write the Airflow DAG file for the manifest: per source database (database_type), the daily"
                + " extract DAG and the backfill DAG.")
final class AirflowDagCommand extends Subcommand {
    @Option(names = "--output", paramLabel = "FILE", description = "Where to write the DAG file (default: stdout).")
    Path output;

    @Option(names = "--image", required = true, paramLabel = "IMAGE", description = "The saas-extract container image.")
    String image;

    @Option(names = "--namespace", paramLabel = "NAME", description = "Kubernetes namespace of the pods (default: ${DEFAULT-VALUE}).")
    String namespace = "extraction";

    @Option(names = "--dag-id-prefix", paramLabel = "PREFIX",
            description = "DAG ids <PREFIX>_db_extract and <PREFIX>_db_incremental_backfill, pool <PREFIX>-pool, for"
                    + " the main database's tables; <PREFIX>_<database_type>_... for another's (default:"
                    + " ${DEFAULT-VALUE}).")
    String dagIdPrefix = "el_gitlab_com";

    @Option(names = "--schedule", paramLabel = "CRON", description = "Schedule of the extract DAG (default: ${DEFAULT-VALUE}).")
    String schedule = "30 2,15 */1 * *";

    @Option(names = "--hours", paramLabel = "N", description = "HOURS, the incremental look-back (default: ${DEFAULT-VALUE}).")
    int hours = Integer.parseInt(Settings.DEFAULT_HOURS);

    @Option(names = "--secret", paramLabel = "NAME",
            description = "Kubernetes secret whose keys all become environment variables of the pods (repeatable).")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--secret-file", paramLabel = "SECRET:/FOLDER",
            description = "Kubernetes secret whose keys become files in FOLDER of the pods, e.g."
                    + " snowflake-key:/secrets/snowflake for warehouse.private_key_file (repeatable).")
    List<String> secretFiles = new ArrayList<>();

    @Option(names = "--service-account", paramLabel = "NAME",
            description = "Kubernetes service account the pods run as, e.g. one Workload Identity binds to the Google"
                    + " service account GCS is written with (default: the namespace's default).")
    String serviceAccount;

    @Option(names = "--config-map", paramLabel = "NAME",
            description = "Kubernetes config map with extract.yaml, mounted into the pods of the main database's"
                    + " tables; <NAME>-<database_type> for another's (default: ${DEFAULT-VALUE}).")
    String configMap = "saas-extract-config";

    @Override
    public Integer call() {
        Settings settings = settings();
        DagSettings dagSettings = new DagSettings(image, namespace, dagIdPrefix, schedule, secrets, configMap, hours,
                Optional.ofNullable(serviceAccount), secretFiles.stream().map(DagSettings.SecretFiles::parse).toList());
        Manifest manifest = settings.manifest();
        String python = DagFile.render(AirflowDags.of(manifest, dagSettings), dagSettings,
                String.valueOf(manifest.file().getFileName()));
        if (output == null) {
            out().print(python);
            out().flush();
        } else {
            write(output, python);
        }
        return ExtractCli.OK;
    }

    /** Replaces the file in one step, so that Airflow's scheduler never parses half a DAG file. */
    private static void write(Path file, String text) {
        Path parent = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent) || Files.isDirectory(file)) {
            // the path given is wrong; no retry makes it right (exit 2)
            throw new InvalidInputException("--output: " + file + (Files.isDirectory(file) ? " is a directory"
                    : ": its folder " + parent + " does not exist"));
        }
        try {
            Path temp = Files.createTempFile(parent, ".airflow-dag", ".py.tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp); // gone after the move; left only by a failure
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the DAG file " + file + ": " + ExtractCli.oneLine(e), e);
        }
    }
}
