"""Database-level guarantees that Django cannot express: append-only audit tables."""

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
