package dev.saasextract.airflow;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One KubernetesPodOperator task running the image's {@code extract} entry point.
 *
 * @param arguments  the entry point's arguments; templated by Airflow, so they hold no manifest text (see
 *                   {@link Templates})
 * @param params     the task's Airflow params, in order: where manifest text reaches the templates
 * @param xcomPush   read {@code /airflow/xcom/return.json} back; only for a task whose run always writes it
 */
record PodTask(String taskId, List<String> arguments, Map<String, String> params, List<EnvVar> env,
        boolean xcomPush) {
    PodTask {
        requireNonNull(taskId, "taskId is null");
        arguments = List.copyOf(arguments);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        env = List.copyOf(env);
    }
}
