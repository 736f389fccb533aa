package dev.saasextract.airflow;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One generated DAG: {@code loads} run side by side (within the pool), and {@code afterAllLoads} start only once
 * every load has succeeded; {@code standalone} tasks run beside them and hold nothing back.
 *
 * @param pool           the Airflow pool of its tasks
 * @param configMap      the Kubernetes config map whose {@code extract.yaml} its pods read
 * @param schedule       a cron expression, or empty for a DAG that runs only when triggered
 * @param oneTaskAtATime {@code max_active_tasks=1} and one run at a time
 * @param tableChoice    the manifest keys a triggered run may pick as its {@code table} param; empty for none
 */
record Dag(String dagId, String pool, String configMap, String description, Optional<String> schedule, int retries,
        Duration retryDelay, Duration dagrunTimeout, boolean oneTaskAtATime, List<String> tableChoice,
        List<PodTask> loads, List<PodTask> afterAllLoads, List<PodTask> standalone) {
    Dag {
        requireNonNull(dagId, "dagId is null");
        requireNonNull(pool, "pool is null");
        requireNonNull(configMap, "configMap is null");
        requireNonNull(description, "description is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(retryDelay, "retryDelay is null");
        requireNonNull(dagrunTimeout, "dagrunTimeout is null");
        tableChoice = List.copyOf(tableChoice);
        loads = List.copyOf(loads);
        afterAllLoads = List.copyOf(afterAllLoads);
        standalone = List.copyOf(standalone);
    }

    /** The task between the loads and the tasks after them, as GitLab's {@code dummy_operator}. */
    String joinTaskId() {
        return "all-daily-loads-done";
    }
}
