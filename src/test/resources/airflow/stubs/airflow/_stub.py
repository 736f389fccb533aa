"""Records what a DAG file builds, for the saas-extract tests; a stand-in for Airflow, not a copy of it."""
import re

# Airflow's rule for DAG ids and task ids (airflow.utils.helpers.KEY_REGEX) and its length limit.
KEY_REGEX = re.compile(r"^[\w.-]+$")
MAX_KEY_LENGTH = 250

DAGS = []
_current = []


def validate_key(kind, key):
    if not isinstance(key, str) or not KEY_REGEX.match(key) or len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"invalid {kind} {key!r}")


class BaseOperator:
    def __init__(self, task_id, **kwargs):
        validate_key("task_id", task_id)
        if not _current:
            raise RuntimeError(f"task {task_id} created outside a DAG context")
        self.task_id = task_id
        self.kwargs = kwargs
        self.dag = _current[-1]
        self.upstream = []
        self.dag.add_task(self)

    def _downstream_of(self, upstream):
        for task in upstream if isinstance(upstream, list) else [upstream]:
            self.upstream.append(task.task_id)

    def __rshift__(self, other):
        for task in other if isinstance(other, list) else [other]:
            task._downstream_of(self)
        return other

    def __rrshift__(self, other):
        self._downstream_of(other)
        return self


class StubDag:
    def __init__(self, dag_id, **kwargs):
        validate_key("dag_id", dag_id)
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = {}
        DAGS.append(self)

    def add_task(self, task):
        if task.task_id in self.tasks:
            raise ValueError(f"duplicate task id {task.task_id} in DAG {self.dag_id}")
        self.tasks[task.task_id] = task

    def __enter__(self):
        _current.append(self)
        return self

    def __exit__(self, *exc):
        _current.pop()
        return False
