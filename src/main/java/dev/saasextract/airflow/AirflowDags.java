package dev.saasextract.airflow;

import dev.saasextract.errors.ManifestException;
import dev.saasextract.manifest.Manifest;
import dev.saasextract.manifest.TableSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The DAGs of a manifest, after GitLab's {@code gitlab_saas_dbs_extract_load.py}: an extract DAG and a backfill DAG
 * for each source database ({@code database_type}), each reading its own {@code extract.yaml}.
 *
 * <p>The extract DAG runs each table's regular load ({@code --load-type incremental}, or {@code scd} for a table
 * without a time window or id); once all incremental ones succeeded, each that is not {@code deletes_exempt} runs
 * {@code --load-type deletes --if-due}: the deletes process when it is due by the rule GitLab's deletes task applies
 * (no {@code is_deleted} column yet, no completed export, or the two days before the monthly full refresh), and
 * otherwise nothing at all.
 *
 * <p>The backfill DAG runs {@code --load-type backfill}, which always rebuilds the table, so it is triggered by hand
 * for one table (its {@code table} param) and runs one at a time; it has no schedule.
 */
public final class AirflowDags {
    static final Duration EXTRACT_RETRY_DELAY = Duration.ofMinutes(1);
    static final Duration EXTRACT_TIMEOUT = Duration.ofHours(6);
    static final Duration BACKFILL_TIMEOUT = Duration.ofHours(10);
    static final String BACKFILL_TASK_ID = "el-db-backfill-pgp-extract";
    private static final EnvVar TASK_INSTANCE = new EnvVar("TASK_INSTANCE", Templates.TASK_INSTANCE);
    private static final List<String> DELETES_IF_DUE = List.of("--table", Templates.OWN_TABLE, "--load-type", "deletes",
            "--if-due");
    /** What the deletes read: the logical date their cadence is decided on ({@code data_interval_end}). */
    private static final List<EnvVar> DELETES_ENV = List.of(TASK_INSTANCE,
            new EnvVar("DATE_INTERVAL_END", Templates.DATE_INTERVAL_END));
    private static final Pattern DATABASE_TYPE = Pattern.compile("[a-z0-9]{1,40}");

    private AirflowDags() {
    }

    /**
     * For each source database the manifest's tables name ({@code database_type}, main when absent), in the order they
     * first appear: its extract DAG, then its backfill DAG.
     */
    public static List<Dag> of(Manifest manifest, DagSettings settings) {
        requireDistinctTaskIds(manifest);
        Map<String, List<TableSpec>> byDatabase = new LinkedHashMap<>();
        for (TableSpec table : manifest.tables()) {
            String database = table.databaseType().isEmpty() ? DagSettings.MAIN_DATABASE : table.databaseType();
            if (!DATABASE_TYPE.matcher(database).matches()) {
                throw new ManifestException(manifest.file() + ": table '" + table.key() + "': database_type must be"
                        + " lower-case letters and digits, as it names the table's DAGs and config map; got '"
                        + database + "'");
            }
            byDatabase.computeIfAbsent(database, key -> new ArrayList<>()).add(table);
        }
        List<Dag> dags = new ArrayList<>();
        byDatabase.forEach((database, tables) -> {
            DatabaseDags names = settings.forDatabase(database);
            dags.add(extractDag(tables, settings, names));
            dags.add(backfillDag(tables, names));
        });
        return dags;
    }

    private static Dag extractDag(List<TableSpec> tables, DagSettings settings, DatabaseDags names) {
        List<PodTask> loads = new ArrayList<>();
        List<PodTask> deletes = new ArrayList<>();
        List<PodTask> snapshots = new ArrayList<>();
        for (TableSpec table : tables) {
            String dailyId = TaskIds.daily(table.key(), table.isIncremental());
            String loadType = table.isIncremental() ? "incremental" : "scd";
            PodTask daily = new PodTask(dailyId, arguments(Templates.OWN_TABLE, loadType),
                    params(table.key(), Optional.of(dailyId)), regularLoadEnv(settings), true);
            // GitLab runs snapshots in a DAG of their own: one that fails must not hold back the deletes.
            (table.isIncremental() ? loads : snapshots).add(daily);
            if (table.isIncremental() && !table.deletesExempt()) {
                deletes.add(new PodTask(TaskIds.deletes(table.key()), DELETES_IF_DUE, params(table.key(),
                        Optional.empty()), DELETES_ENV, false));
            }
        }
        return new Dag(names.dagIdPrefix() + "_db_extract", names.pool(), names.configMap(),
                "Regular loads of the manifest tables of one source database; after the incremental ones, the"
                        + " deletes of those that are not deletes_exempt.",
                Optional.of(settings.schedule()), 1, EXTRACT_RETRY_DELAY, EXTRACT_TIMEOUT, false, List.of(), loads,
                deletes, snapshots);
    }

    private static Dag backfillDag(List<TableSpec> tables, DatabaseDags names) {
        List<String> keys = tables.stream().map(TableSpec::key).toList();
        PodTask backfill = new PodTask(BACKFILL_TASK_ID, arguments(Templates.CHOSEN_TABLE, "backfill"), Map.of(),
                List.of(TASK_INSTANCE), false);
        return new Dag(names.dagIdPrefix() + "_db_incremental_backfill", names.pool(), names.configMap(),
                "Rebuilds the table given as the 'table' param from the source (--load-type backfill), one at a time.",
                Optional.empty(), 0, Duration.ZERO, BACKFILL_TIMEOUT, true, keys, List.of(backfill), List.of(),
                List.of());
    }

    private static List<String> arguments(String table, String loadType) {
        return List.of("--table", table, "--load-type", loadType);
    }

    /** @param lastLoadedFrom the task whose XCom {@code max_data_available} a regular load starts from */
    private static Map<String, String> params(String tableKey, Optional<String> lastLoadedFrom) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("table", tableKey);
        lastLoadedFrom.ifPresent(task -> params.put("last_loaded_from", task));
        return params;
    }

    /** What a regular load reads: the incremental window's inputs and the task instance for {@code _task_instance}. */
    private static List<EnvVar> regularLoadEnv(DagSettings settings) {
        return List.of(new EnvVar("EXECUTION_DATE", Templates.EXECUTION_DATE),
                new EnvVar("HOURS", Integer.toString(settings.hours())),
                new EnvVar("LAST_LOADED", Templates.LAST_LOADED),
                TASK_INSTANCE);
    }

    private static void requireDistinctTaskIds(Manifest manifest) {
        Map<String, String> keyByTaskId = new HashMap<>();
        for (TableSpec table : manifest.tables()) {
            String clash = keyByTaskId.putIfAbsent(TaskIds.daily(table.key(), true), table.key());
            if (clash != null) {
                throw new ManifestException(manifest.file() + ": table '" + table.key() + "' and table '" + clash
                        + "' get the same Airflow task id (GitLab's ids write '_' as '-'); rename one key");
            }
            String longest = table.isIncremental() && !table.deletesExempt() ? TaskIds.deletes(table.key())
                    : TaskIds.daily(table.key(), table.isIncremental());
            if (longest.length() > TaskIds.MAX_LENGTH) {
                throw new ManifestException(manifest.file() + ": table '" + table.key() + "': its Airflow task id"
                        + " would be " + longest.length() + " characters, and Airflow takes at most "
                        + TaskIds.MAX_LENGTH + "; shorten the key");
            }
        }
    }
}
