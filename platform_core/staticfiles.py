"""Static files: the apps' static/ directories, minus bundles viewflow ships that nothing loads.

viewflow's wheel carries, beside its built files, the npm packages they were built from
(`.../node_modules/`) and the Dash front end of `viewflow.contrib.plotly` (`viewflow/js/contrib/`,
22 MB), which this project does not install. The npm copies are not only dead weight: the CSS in
`fonts/roboto/node_modules/roboto-fontface/` points at font files the wheel does not contain, so
`collectstatic` with the manifest storage of production stops with MissingFileError on them.

This finder replaces Django's AppDirectoriesFinder (setting STATICFILES_FINDERS). It neither lists
(collectstatic) nor finds (runserver, findstatic) those paths. What viewflow's own templates load
(`viewflow/css/viewflow.min.css`, `viewflow/js/*.js`, `viewflow/fonts/<family>/<file>`,
`viewflow/img/`) stays; tests/platform_core/test_production_static.py collects the static files with
the production settings and renders pages with the manifest that results.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from django.contrib.staticfiles import finders, utils

# App label -> patterns (fnmatch, on the path inside the app's static/ directory) left out.
SKIPPED_APP_STATIC = {
    "viewflow": (
        "*/node_modules",
        "*/node_modules/*",
        "viewflow/js/contrib",
        "viewflow/js/contrib/*",
    ),
}


def is_skipped(app_label: str, path: str) -> bool:
    path = path.replace("\\", "/")
    return any(fnmatchcase(path, pattern) for pattern in SKIPPED_APP_STATIC.get(app_label, ()))


class AppDirectoriesFinder(finders.AppDirectoriesFinder):
    """Django's finder for the apps' static/ directories, minus SKIPPED_APP_STATIC."""

    def list(self, ignore_patterns):
        for app_label, storage in self.storages.items():
            if not storage.exists(""):
                continue
            patterns = [*(ignore_patterns or ()), *SKIPPED_APP_STATIC.get(app_label, ())]
            for path in utils.get_files(storage, patterns):
                if not is_skipped(app_label, path):
                    yield path, storage

    def find_in_app(self, app, path):
        if is_skipped(app, path):
            return None
        return super().find_in_app(app, path)
