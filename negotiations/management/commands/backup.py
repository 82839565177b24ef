import datetime
import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from negotiations.data.backups import pg_command


class Command(BaseCommand):
    help = "Back up the database: SQLite's online backup, or pg_dump's custom format for PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="File to write (default: backups/<database>-<time>.<ext>)")

    def handle(self, *args, path=None, **options):
        vendor = connection.vendor
        if vendor not in {"sqlite", "postgresql"}:
            raise CommandError(f"No backup method for {vendor}.")
        if path is None:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            path = f"backups/{vendor}-{stamp}.{'sqlite3' if vendor == 'sqlite' else 'dump'}"
        target = Path(path)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # A dump holds password hashes and sessions: readable by its owner only, created so before any byte
        # is written (pg_dump and SQLite both write into the existing file, keeping its mode).
        target.touch(mode=0o600)
        target.chmod(0o600)
        if vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(target) as copy:
                # The online backup API copies a consistent snapshot while the site keeps serving.
                connection.connection.backup(copy)
            copy.close()
        else:
            pg_command("pg_dump", "--format=custom", f"--file={target}")
        self.stdout.write(f"Backed up to {target}")
