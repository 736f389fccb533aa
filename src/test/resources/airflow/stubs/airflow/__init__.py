from airflow._stub import StubDag as DAG  # noqa: F401
