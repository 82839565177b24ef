import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from negotiations.data.backups import pg_command
from negotiations.models import DataVersion


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
        issued = DataVersion.current().version
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(source) as backup:
                backup.backup(connection.connection)
            backup.close()
        else:
            connection.close()
            pg_command("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(source))
        # The backup's data version is older than the pages cached (and ETags sent) since: move past them all.
        DataVersion.advance_past(issued)
        self.stdout.write(f"Restored from {source}")
