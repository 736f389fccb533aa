package dev.saasextract.airflow;

/**
 * The Jinja templates of the generated tasks. They are fixed text: a table key reaches a pod only as the value of a
 * param, which Airflow renders as plain text, so a key holding {@code {{ }}} is never evaluated.
 */
final class Templates {
    /**
     * The task's own table. Not {@code params.table}: Airflow lets a run's conf override {@code params}
     * ({@code core.dag_run_conf_overrides_params}, on by default), so a run of the extract DAG triggered with the
     * backfill DAG's {@code {"table": ...}} would make every task load that one table. {@code task.params} is not
     * overridden.
     */
    static final String OWN_TABLE = "{{ task.params['table'] }}";

    /** The table a backfill run was triggered for: its conf's {@code table}, else None, which extract refuses. */
    static final String CHOSEN_TABLE = "{{ params.table }}";

    /** GitLab's DAG sends {@code next_execution_date}, which is the data interval's end in Airflow 2. */
    static final String EXECUTION_DATE = "{{ data_interval_end.isoformat() }}";

    static final String DATE_INTERVAL_END = "{{ data_interval_end.to_iso8601_string() }}";

    static final String TASK_INSTANCE = "{{ task_instance_key_str }}";

    /**
     * The {@code max_data_available} that the task named by its own {@code last_loaded_from} reported last, as GitLab's
     * DAG pulls it; GitLab's default, 54 hours before now, when there is none yet.
     */
    static final String LAST_LOADED = "{{ (ti.xcom_pull(task_ids=task.params['last_loaded_from'],"
            + " include_prior_dates=True)"
            + " or {}).get('max_data_available')"
            + " or (macros.datetime.utcnow() - macros.timedelta(hours=54)).strftime('%Y-%m-%dT%H:%M:%S+00:00') }}";

    private Templates() {
    }
}
