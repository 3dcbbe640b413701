"""Create the configured PostgreSQL database when it does not exist yet (used by `make demo`).

Connects to the server's `postgres` maintenance database with the same host, port, user and
password as the `default` alias, and runs CREATE DATABASE only when the name is missing, so it is
safe to repeat. A server that does not answer is named in a clear error, not a traceback.
"""

import psycopg2
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from psycopg2 import sql


class Command(BaseCommand):
    help = "Create the default PostgreSQL database if it is missing (safe to repeat)."

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError(f"create_database: {db['ENGINE']} is not PostgreSQL")
        params = {
            "dbname": "postgres",
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "connect_timeout": 5,
        }
        try:
            conn = psycopg2.connect(**{k: v for k, v in params.items() if v is not None})
        except psycopg2.OperationalError as exc:
            where = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
            raise CommandError(
                f"create_database: PostgreSQL does not answer on {where} ({exc}). "
                "Start it (as root: make services) or set DEMO_DATABASE_URL."
            ) from exc
        conn.autocommit = True  # CREATE DATABASE cannot run inside a transaction
        try:
            with conn.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
                if cursor.fetchone():
                    self.stdout.write(f"create_database: {db['NAME']} exists")
                    return
                cursor.execute(
                    sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                        sql.Identifier(db["NAME"])
                    )
                )
                self.stdout.write(f"create_database: created {db['NAME']}")
        finally:
            conn.close()
