"""Running PostgreSQL's own tools against the database Django is configured for."""

import os
import shutil
import subprocess

from django.core.management.base import CommandError
from django.db import connection


def pg_command(program, *arguments):
    if shutil.which(program) is None:
        raise CommandError(f"{program} is not installed (Debian package postgresql-client).")
    settings = connection.settings_dict
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    command = [program, f"--dbname={settings['NAME']}"]
    if settings.get("HOST"):
        command.append(f"--host={settings['HOST']}")
    if settings.get("PORT"):
        command.append(f"--port={settings['PORT']}")
    if settings.get("USER"):
        command.append(f"--username={settings['USER']}")
    result = subprocess.run([*command, *arguments], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(f"{program} failed: {result.stderr.strip()}")
