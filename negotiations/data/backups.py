"""Running PostgreSQL's own tools against the database Django is configured for, and reading what a backup holds."""

import os
import shutil
import sqlite3
import subprocess

from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


def pg_command(program, *arguments, database=True):
    """The program's output; `database`: connect to Django's database (pg_restore without it only reads a file)."""
    if shutil.which(program) is None:
        raise CommandError(f"{program} is not installed (Debian package postgresql-client).")
    settings = connection.settings_dict
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    command = [program, f"--dbname={settings['NAME']}"] if database else [program]
    for option, name in (("host", "HOST"), ("port", "PORT"), ("username", "USER")):
        if database and settings.get(name):
            command.append(f"--{option}={settings[name]}")
    result = subprocess.run([*command, *arguments], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(f"{program} failed: {result.stderr.strip()}")
    return result.stdout


def migrations_in(path):
    """The (app, migration) pairs the backup's record of applied migrations holds: the schema it was made with."""
    if connection.vendor == "sqlite":
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as backup:
            rows = backup.execute("SELECT app, name FROM django_migrations").fetchall()
        backup.close()
        return set(rows)
    script = pg_command("pg_restore", "--data-only", "--table=django_migrations", "--file=-", str(path), database=False)
    copying, rows = False, set()
    for line in script.splitlines():
        if line.startswith("COPY ") and "django_migrations" in line:
            copying = True
        elif copying and line == "\\.":
            copying = False
        elif copying:
            _, app, name, _ = line.split("\t")
            rows.add((app, name))
    return rows


def migrations_applied():
    return set(MigrationRecorder(connection).applied_migrations())


def migrations_known():
    """Every migration this code holds: the schema `manage.py migrate` brings a database to."""
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def schema_difference(held, reference, *, reference_name="this database"):
    """How a backup's migrations (`held`) differ from `reference`'s: ("", "") when alike, else ("older",
    "newer" or "other", a sentence saying so)."""
    missing, extra = sorted(reference - held), sorted(held - reference)
    if not missing and not extra:
        return "", ""
    if missing and extra:
        return "other", f"This backup's record of applied migrations differs from {reference_name}'s."
    names = missing or extra
    named = ", ".join(f"{app}.{name}" for app, name in names[:3]) + (f" and {len(names) - 3} more" * (len(names) > 3))
    if missing:
        return "older", f"This backup was made with an older schema: it lacks {named}, which {reference_name} has."
    return "newer", f"This backup was made with a newer schema: it holds {named}, which {reference_name} lacks."
