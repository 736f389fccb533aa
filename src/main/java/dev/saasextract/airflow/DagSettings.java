package dev.saasextract.airflow;

import static java.util.Objects.requireNonNull;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.plan.AirflowInputs;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the DAG file needs beyond the manifest; each check names the {@code extract airflow-dag} option at fault.
 *
 * @param image       the saas-extract container image
 * @param namespace   Kubernetes namespace of the pods
 * @param dagIdPrefix e.g. {@code el_gitlab_com}: DAG ids {@code <prefix>_db_extract}, pool {@code <prefix>-pool};
 *                    another database than main adds its name ({@link #forDatabase})
 * @param schedule    cron expression of the daily extract DAG
 * @param secrets     Kubernetes secrets whose keys all become environment variables of every pod
 * @param configMap   Kubernetes config map holding {@code extract.yaml}, mounted read-only into every pod of the
 *                    main database's DAGs; another database's add its name ({@link #forDatabase})
 * @param hours       {@code HOURS}, the incremental look-back
 * @param serviceAccount the Kubernetes service account the pods run as (e.g. bound to a Google service account by
 *                    Workload Identity, so that GCS finds its credentials); empty: the namespace's default
 * @param secretFiles Kubernetes secrets mounted as files, each in its folder: key files such as Snowflake's
 *                    {@code private_key_file}
 */
public record DagSettings(String image, String namespace, String dagIdPrefix, String schedule, List<String> secrets,
        String configMap, int hours, Optional<String> serviceAccount, List<SecretFiles> secretFiles) {

    /** A Kubernetes secret whose keys become files of the folder {@code folder} in every pod. */
    public record SecretFiles(String secret, String folder) {
        private static final Pattern FOLDER = Pattern.compile("/[A-Za-z0-9_.\\-/]*");

        public SecretFiles {
            require(secret, DNS_SUBDOMAIN, "--secret-file", "a Kubernetes secret name (lower-case DNS name)");
            if (!FOLDER.matcher(folder).matches() || folder.equals("/") || folder.contains("..")) {
                throw new InvalidInputException("--secret-file: '" + folder + "' is not an absolute folder of letters,"
                        + " digits, '_', '.', '-' and '/', e.g. /secrets/snowflake");
            }
        }

        /** {@code SECRET:/folder}, as the option takes it. */
        public static SecretFiles parse(String option) {
            int colon = option.indexOf(':');
            if (colon < 0) {
                throw new InvalidInputException("--secret-file: expected SECRET:/folder, e.g."
                        + " snowflake-key:/secrets/snowflake; got '" + option + "'");
            }
            return new SecretFiles(option.substring(0, colon), option.substring(colon + 1));
        }
    }

    static final String MAIN_DATABASE = "main";
    /** Airflow's rule for DAG ids, task ids and pool names, kept to ASCII. */
    private static final Pattern AIRFLOW_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
    private static final Pattern CRON = Pattern.compile("(?:[0-9A-Za-z*?/,#-]+\\s+){4}[0-9A-Za-z*?/,#-]+"
            + "|@(?:hourly|daily|weekly|monthly|quarterly|yearly|annually)");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    public DagSettings {
        requireNonNull(image, "image is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(dagIdPrefix, "dagIdPrefix is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(configMap, "configMap is null");
        secrets = List.copyOf(secrets);
        requireNonNull(serviceAccount, "serviceAccount is null");
        secretFiles = List.copyOf(secretFiles);
        if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidInputException("--image: not a container image reference: '" + image + "'");
        }
        require(namespace, DNS_LABEL, "--namespace", "a Kubernetes namespace (lower-case DNS label)");
        require(dagIdPrefix, AIRFLOW_KEY, "--dag-id-prefix", "letters, digits, '_', '.' and '-'");
        require(configMap, DNS_SUBDOMAIN, "--config-map", "a Kubernetes config map name (lower-case DNS name)");
        secrets.forEach(secret -> require(secret, DNS_SUBDOMAIN, "--secret", "a Kubernetes secret name (lower-case DNS name)"));
        if (!CRON.matcher(schedule.strip()).matches()) {
            // Airflow would refuse it only when it parses the file, and then drop the whole DAG file.
            throw new InvalidInputException("--schedule: must be a cron expression of five fields, e.g."
                    + " '30 2,15 */1 * *', or a preset such as @daily; got '" + schedule + "'");
        }
        serviceAccount.ifPresent(account -> require(account, DNS_SUBDOMAIN, "--service-account",
                "a Kubernetes service account name (lower-case DNS name)"));
        if (secretFiles.stream().map(SecretFiles::folder).distinct().count() < secretFiles.size()) {
            throw new InvalidInputException("--secret-file: two secrets in one folder; give each its own");
        }
        if (hours < 1 || hours > AirflowInputs.MAX_HOURS) {
            throw new InvalidInputException("--hours: must be a positive number of hours up to "
                    + AirflowInputs.MAX_HOURS + ", got " + hours);
        }
    }

    private static void require(String value, Pattern pattern, String option, String expected) {
        if (!pattern.matcher(value).matches()) {
            throw new InvalidInputException(option + ": '" + value + "' is not " + expected);
        }
    }

    /**
     * The DAGs of the tables whose {@code database_type} is {@code databaseType} (main for a table without one): the
     * main database's take the prefix and config map as given, another's add its name to both, e.g.
     * {@code el_gitlab_com_ci} and {@code saas-extract-config-ci}.
     */
    DatabaseDags forDatabase(String databaseType) {
        if (databaseType.equals(MAIN_DATABASE)) {
            return new DatabaseDags(dagIdPrefix, configMap);
        }
        return new DatabaseDags(dagIdPrefix + "_" + databaseType, configMap + "-" + databaseType);
    }
}
