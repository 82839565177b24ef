"""The explorer's counts on an `as_of` day read from indexes alone (issue 25): the days known by with the cells'
columns, and a party's days known by with them (which the grid's positions read as before). The id is in both:
the terms ended by the day are excluded by id, and a PostgreSQL index holds no id of its own."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('negotiations', '0032_fill_demand_speaker_and_status'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='demand',
            name='demand_party_known_idx',
        ),
        migrations.AddIndex(
            model_name='demand',
            index=models.Index(fields=['party', 'known_on', 'topic', 'stance', 'speaker', 'id'], name='demand_party_known_idx'),
        ),
        migrations.AddIndex(
            model_name='demand',
            index=models.Index(fields=['known_on', 'party', 'topic', 'stance', 'speaker', 'id'], name='demand_known_cells_idx'),
        ),
    ]
