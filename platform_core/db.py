"""Database-level helpers Django does not offer: append-only audit tables, many counts in one
query."""

from django.apps import apps
from django.db import connection

APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION egov_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit table % is append-only (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def append_only_tables() -> list[str]:
    """Every simple-history table, plus models that declare `append_only = True`."""
    tables = []
    for model in apps.get_models():
        is_history = hasattr(model, "instance_type") and model.__name__.startswith("Historical")
        if is_history or getattr(model, "append_only", False):
            tables.append(model._meta.db_table)
    return sorted(tables)


def install_append_only_triggers(using: str = "default", **kwargs) -> None:
    """Refuse UPDATE and DELETE on audit tables in PostgreSQL (idempotent; run after migrate)."""
    from django.db import connections

    conn = connections[using] if using else connection
    if conn.vendor != "postgresql":
        return
    existing = set(conn.introspection.table_names())
    with conn.cursor() as cursor:
        cursor.execute(APPEND_ONLY_FUNCTION)
        for table in append_only_tables():
            if table not in existing:
                continue
            name = conn.ops.quote_name(table)
            cursor.execute(f"DROP TRIGGER IF EXISTS egov_append_only ON {name}")
            cursor.execute(
                f"CREATE TRIGGER egov_append_only BEFORE UPDATE OR DELETE ON {name} "
                "FOR EACH ROW EXECUTE FUNCTION egov_append_only()"
            )


def count_many(querysets: dict) -> dict:
    """{key: number of rows} of several querysets, read in one query.

    A page that shows many counts (the back-office shell's badges, the inbox's tabs, each work
    source's 待办) would otherwise make one round trip each. Here each queryset becomes a scalar
    subquery of one SELECT: `SELECT (SELECT COUNT(*) FROM (<q1>) AS c0), (…)`; the database
    does the same work, the page waits for one answer. A queryset that can match nothing
    (`.none()`, an empty `__in`) counts 0 without being sent.
    """
    from django.core.exceptions import EmptyResultSet
    from django.db import connections

    keys, parts, params = [], [], []
    counts = {}
    for key, qs in querysets.items():
        inner = qs.order_by().values("pk")
        try:
            sql, inner_params = inner.query.sql_with_params()
        except EmptyResultSet:
            counts[key] = 0
            continue
        keys.append(key)
        # The SQL is Django's own compilation of the queryset, its values stay parameters.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS c{len(keys)})")  # noqa: S608  # nosec B608
        params.extend(inner_params)
    if parts:
        db = next(iter(querysets.values())).db
        with connections[db].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            counts.update(zip(keys, cursor.fetchone(), strict=True))
    return counts
