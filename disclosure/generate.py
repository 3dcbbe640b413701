"""Bench data for `manage.py generate_data` (filled in below)."""


def generate_items(context) -> int:
    return 0
