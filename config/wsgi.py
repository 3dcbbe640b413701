import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# Load the portal's word segmenter now, not on the first search or publish: with gunicorn's
# --preload it is loaded once in the master and shared by the forked workers (about 10 s and
# 100 MB saved per worker), and no citizen waits for it.
from portal.services.search import warm_up  # noqa: E402

warm_up()
