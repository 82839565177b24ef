import sqlite3
from pathlib import Path

from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from negotiations.data import backups
from negotiations.models import DataVersion

# What to do with a PostgreSQL backup of another schema: pg_restore --clean cannot drop a table that a table the
# backup does not know refers to, so it is restored into an empty database and brought up to date there.
ANOTHER_SCHEMA = (
    "Nothing was changed. To restore it, create an empty database, point DATABASE_URL at it, run "
    "`manage.py restore {path}` there, then `manage.py migrate` (a backup of a newer schema needs the code it "
    "was made with), and serve from that database."
)

AFTER_ANOTHER_SCHEMA = {
    "older": "Run `manage.py migrate` now to bring it up to date.",
    "newer": "Serve it with the code it was made with, or restore a backup this code knows.",
    "other": "Run `manage.py migrate`, and check `manage.py showmigrations`.",
}


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`, replacing the database's contents."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No backup file at {source}.")
        if connection.vendor not in {"sqlite", "postgresql"}:
            raise CommandError(f"No restore method for {connection.vendor}.")
        applied, held = backups.migrations_applied(), backups.migrations_in(source)
        # An empty database (where a backup of another schema goes) has issued no version yet.
        issued = DataVersion.current().version if applied else 0
        if connection.vendor == "sqlite":  # SQLite's copy replaces the whole file, schema included
            connection.ensure_connection()
            with sqlite3.connect(source) as backup:
                backup.backup(connection.connection)
            backup.close()
        elif applied and held != applied:
            _, difference = backups.schema_difference(held, applied)
            raise CommandError(f"{difference} {ANOTHER_SCHEMA.format(path=source)}")
        else:
            restore_postgresql(source)
        # The backup's data version is older than the pages cached (and ETags sent) since: move past them all.
        DataVersion.advance_past(issued)
        # The backup's sessions were signed in before it was made, possibly by accounts removed since: nobody
        # stays signed in across a restore.
        Session.objects.all().delete()
        self.stdout.write(f"Restored from {source}")
        kind, difference = backups.schema_difference(held, backups.migrations_known(), reference_name="this code")
        if kind:
            self.stdout.write(f"{difference} {AFTER_ANOTHER_SCHEMA[kind]}")


def restore_postgresql(source):
    connection.close()
    try:
        backups.pg_command("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(source))
    except CommandError as error:
        raise CommandError(f"{error}\nThe restore runs in one transaction: the database is unchanged.") from None
