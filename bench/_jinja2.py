"""The Jinja2 environment of the template-engine measurement (bench/templates.py, ADR 0012):
what the ported portal templates in bench/jinja2/ need from Django (static, url, translations,
the date filter). Not used by the project."""

from django.template.defaultfilters import date, urlencode
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from jinja2 import Environment

from platform_core.templatetags.people import display_name


def environment(**options):
    # Django's backend passes autoescape=True; said here too, as the project's templates escape.
    env = Environment(
        autoescape=options.pop("autoescape", True), extensions=["jinja2.ext.i18n"], **options
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals.update({"static": static, "url": lambda name, *args: reverse(name, args=args)})
    env.filters.update({"date": date, "urlencode": urlencode, "display_name": display_name})
    return env
