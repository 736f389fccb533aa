"""Loads a generated DAG file against the stub Airflow next to this script and prints what it built as JSON.

Usage: describe_dags.py DAG_FILE [XCOM_JSON]. With jinja2 installed, the templated fields of each pod task are also
rendered as Airflow would for a run whose data interval ends at 2024-01-02T02:30:00Z, the clock reading
2024-01-03T00:00:00Z and XCOM_JSON ({task_id: value}) as the XComs of earlier runs.
"""
import json
import os
import runpy
import sys
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "stubs"))

from airflow import _stub  # noqa: E402
from airflow.models.param import Param  # noqa: E402

INTERVAL_END = datetime(2024, 1, 2, 2, 30, tzinfo=timezone.utc)
NOW = datetime(2024, 1, 3, 0, 0)


class PendulumLike(datetime):
    def to_iso8601_string(self):
        return self.strftime("%Y-%m-%dT%H:%M:%SZ")


class FixedClock(datetime):
    @classmethod
    def utcnow(cls):
        return NOW


class Macros:
    datetime = FixedClock
    timedelta = timedelta


class TaskInstance:
    def __init__(self, xcoms):
        self.xcoms = xcoms
        self.pulled = []

    def xcom_pull(self, task_ids=None, include_prior_dates=False):
        self.pulled.append({"task_ids": task_ids, "include_prior_dates": include_prior_dates})
        return self.xcoms.get(task_ids)


def plain(value):
    if isinstance(value, Param):
        return {"default": value.value, "schema": plain(value.schema)}
    if isinstance(value, timedelta):
        return {"seconds": value.total_seconds()}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "fields"):
        return {type(value).__name__: plain(value.fields)}
    if hasattr(value, "secret"):
        return {"deploy_type": value.deploy_type, "deploy_target": value.deploy_target, "secret": value.secret,
                "key": value.key}
    return value


class TaskView:
    """The context's `task`: its own params, which a run's conf does not override."""

    def __init__(self, params):
        self.params = params


def render(task, xcoms, conf):
    try:
        import jinja2
    except ImportError:
        return None
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    own = {k: (v.value if isinstance(v, Param) else v) for k, v in task.dag.kwargs.get("params", {}).items()}
    own.update(task.kwargs.get("params") or {})
    params = dict(own)
    params.update(conf)  # as Airflow does with core.dag_run_conf_overrides_params, its default
    ti = TaskInstance(xcoms)
    context = {"params": params, "task": TaskView(own), "ti": ti, "macros": Macros,
               "data_interval_end": PendulumLike.fromtimestamp(INTERVAL_END.timestamp(), timezone.utc),
               "task_instance_key_str": f"{task.dag.dag_id}__{task.task_id}__20240102"}

    def field(value):
        if isinstance(value, str):
            return env.from_string(value).render(context)
        if isinstance(value, dict):
            return {k: field(v) for k, v in value.items()}
        return [field(v) for v in value]

    rendered = {name: field(task.kwargs[name]) for name in getattr(task, "template_fields", ()) if name in task.kwargs}
    rendered["xcom_pulls"] = ti.pulled
    return rendered


def main():
    dag_file = sys.argv[1]
    xcoms = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    conf = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
    runpy.run_path(dag_file, run_name="generated_dag")
    print(json.dumps([{
        "dag_id": dag.dag_id,
        "args": plain(dag.kwargs),
        "tasks": [{
            "task_id": task.task_id,
            "operator": type(task).__name__,
            "upstream": task.upstream,
            "args": plain(task.kwargs),
            "rendered": render(task, xcoms, conf) if hasattr(task, "template_fields") else None,
        } for task in dag.tasks.values()],
    } for dag in _stub.DAGS], indent=1))


if __name__ == "__main__":
    main()
