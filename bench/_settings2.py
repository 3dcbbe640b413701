"""Settings of the benchmarks in static/publish/dynamic/workflow/load: bench/_settings.py (test
settings, persistent connections) plus one URL, `/bench/minimal/`, the minimal Django view every
dynamic page is compared with (same middleware stack, no template, no query)."""

from _settings import *  # noqa: F403

ROOT_URLCONF = "_urls"
# Real rate limits would turn a load test into a test of the rate limiter: the load scenario
# asks for SMS codes and progress lookups from one address (127.0.0.1) thousands of times.
RATELIMIT_ENABLE = False
# The bare viewflow flow bench/workflow.py measures task_complete() against (no models, no
# migrations; bench only, never in production's INSTALLED_APPS).
INSTALLED_APPS = [*INSTALLED_APPS, "_benchflow"]  # noqa: F405
