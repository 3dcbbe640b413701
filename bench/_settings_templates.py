"""Settings variants of the template-engine measurement (bench/templates.py), chosen by
BENCH_TEMPLATES: `django` (as production: Django templates, the portal's header and footer
from `public_chrome`'s fragment cache), `django-plain` (the same without that processor: both
includes rendered on every request), `jinja2` (the ported page in bench/jinja2/ rendered by
Jinja2, its header and footer included on every request) and `jinja2-fragments` (Jinja2 with
the fragment cache). Same database, middleware, views and data: only the engine differs."""

import os
from pathlib import Path

from _settings2 import *  # noqa: F403
from _settings2 import TEMPLATES

VARIANT = os.environ.get("BENCH_TEMPLATES", "django")
_django = TEMPLATES[0]
_processors = list(_django["OPTIONS"]["context_processors"])
if VARIANT in ("django-plain", "jinja2"):
    _processors.remove("portal.context_processors.public_chrome")
    _django["OPTIONS"]["context_processors"] = _processors
if VARIANT.startswith("jinja2"):
    TEMPLATES = [
        {
            "BACKEND": "django.template.backends.jinja2.Jinja2",
            "DIRS": [Path(__file__).resolve().parent / "jinja2"],
            "APP_DIRS": False,
            "OPTIONS": {"environment": "_jinja2.environment", "context_processors": _processors},
        },
        _django,
    ]
