package dev.saasextract.airflow;

/**
 * The Jinja templates of the generated tasks. They are fixed text: a table key reaches a pod only as the value of
 * {@code params.table}, which Airflow renders as plain text, so a key holding {@code {{ }}} is never evaluated.
 */
final class Templates {
    static final String TABLE = "{{ params.table }}";

    /** GitLab's DAG sends {@code next_execution_date}, which is the data interval's end in Airflow 2. */
    static final String EXECUTION_DATE = "{{ data_interval_end.isoformat() }}";

    static final String DATE_INTERVAL_END = "{{ data_interval_end.to_iso8601_string() }}";

    static final String TASK_INSTANCE = "{{ task_instance_key_str }}";

    /**
     * The {@code max_data_available} that the task named by {@code params.last_loaded_from} reported last, as GitLab's
     * DAG pulls it; GitLab's default, 54 hours before now, when there is none yet.
     */
    static final String LAST_LOADED = "{{ (ti.xcom_pull(task_ids=params.last_loaded_from, include_prior_dates=True)"
            + " or {}).get('max_data_available')"
            + " or (macros.datetime.utcnow() - macros.timedelta(hours=54)).strftime('%Y-%m-%dT%H:%M:%S+00:00') }}";

    private Templates() {
    }
}
