package dev.saasextract.airflow;

/**
 * The names the DAGs of one source database take, as GitLab's {@code el_gitlab_com} (main) and
 * {@code el_gitlab_com_ci} (ci) do: each database has its own DAGs, pool and config map, whose {@code extract.yaml}
 * names that database as the source.
 *
 * @param dagIdPrefix e.g. {@code el_gitlab_com_ci}: DAG ids {@code <prefix>_db_extract}, pool {@code <prefix>-pool}
 * @param configMap   the Kubernetes config map its pods read {@code extract.yaml} from
 */
record DatabaseDags(String dagIdPrefix, String configMap) {

    String pool() {
        return dagIdPrefix + "-pool";
    }
}
