from django.apps import AppConfig


class BenchFlowConfig(AppConfig):
    name = "_benchflow"
    label = "benchflow"
    verbose_name = "bench: bare viewflow flow"
