from django.core.management import call_command
from django.core.management.base import BaseCommand

from negotiations.models import Actor, Demand, Source, Statement, Topic

CURATED_FIXTURE = "ceasefire"


class Command(BaseCommand):
    help = (
        "Load the curated records (fixtures/ceasefire.json) into an empty database. "
        "Does nothing when any record exists, so curators' edits are never overwritten."
    )

    def handle(self, *args, **options):
        held = {model.__name__: model.objects.count() for model in (Topic, Actor, Source, Statement, Demand)}
        if any(held.values()):
            counts = ", ".join(f"{count} {name}" for name, count in held.items())
            self.stdout.write(f"The database already holds records ({counts}); fixtures not loaded.")
            return
        call_command("loaddata", CURATED_FIXTURE, verbosity=options["verbosity"])
