from airflow._stub import BaseOperator


class KubernetesPodOperator(BaseOperator):
    # The fields Airflow renders with Jinja before the pod starts (a subset of the real operator's).
    template_fields = ("arguments", "env_vars")
