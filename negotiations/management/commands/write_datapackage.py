"""Write the data package (datapackage.json and its CSVs) to a folder, for `frictionless validate` in CI."""

from pathlib import Path

from django.core.management.base import BaseCommand

from negotiations.data import datapackage


class Command(BaseCommand):
    help = "Write the whole record as a Frictionless Data Package into DIRECTORY; prints the descriptor's path."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        version, descriptor = datapackage.write(directory)
        self.stdout.write(str(descriptor))
