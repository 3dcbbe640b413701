"""Celery application. The broker is Redis (REDIS_URL); the beat schedule lives in the database."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.demo")

app = Celery("egov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _warm_up(**_kwargs):
    """Publishing and indexing segment Chinese text: load the dictionary before the first task."""
    from portal.services.search import warm_up

    warm_up()
