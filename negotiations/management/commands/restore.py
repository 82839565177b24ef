import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from negotiations.backups import pg_command


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`, replacing the database's contents."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No backup file at {source}.")
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(source) as backup:
                backup.backup(connection.connection)
            backup.close()
        elif connection.vendor == "postgresql":
            connection.close()
            pg_command("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(source))
        else:
            raise CommandError(f"No restore method for {connection.vendor}.")
        self.stdout.write(f"Restored from {source}")
