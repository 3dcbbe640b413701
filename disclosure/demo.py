"""Demo content of the disclosure catalogue for `manage.py load_demo` (filled in below)."""


def load_disclosure_demo(stdout=None) -> None:
    return None
