from kubernetes.client import models  # noqa: F401
