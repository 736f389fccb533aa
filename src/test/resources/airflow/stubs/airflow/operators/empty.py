from airflow._stub import BaseOperator


class EmptyOperator(BaseOperator):
    pass
