"""A source's address and archived copy are http(s) or empty: the database refuses a javascript: address set
outside the admin, which a page would have shown as a live link (issue 21)."""

import django.core.validators
from django.db import migrations, models
from django.db.models import Q


def clear_other_addresses(apps, schema_editor):
    """An address of another scheme is not a publication's address a reader can follow: cleared before the
    constraint, which would refuse the table as it is."""
    Source = apps.get_model("negotiations", "Source")
    for field in ("url", "archived_url"):
        web = Q(**{field: ""}) | Q(**{f"{field}__istartswith": "http://"}) | Q(**{f"{field}__istartswith": "https://"})
        Source.objects.exclude(web).update(**{field: ""})


class Migration(migrations.Migration):

    dependencies = [
        ('negotiations', '0023_signal_stance_and_topic_coverage_note'),
    ]

    operations = [
        migrations.RunPython(clear_other_addresses, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='historicalsource',
            name='archived_url',
            field=models.URLField(blank=True, help_text='A copy in a public web archive (Wayback Machine, archive.today), when one exists.', validators=[django.core.validators.URLValidator(schemes=('http', 'https'))]),
        ),
        migrations.AlterField(
            model_name='historicalsource',
            name='url',
            field=models.URLField(blank=True, help_text="The publication's own address (http or https), when the captured text gives it.", validators=[django.core.validators.URLValidator(schemes=('http', 'https'))]),
        ),
        migrations.AlterField(
            model_name='source',
            name='archived_url',
            field=models.URLField(blank=True, help_text='A copy in a public web archive (Wayback Machine, archive.today), when one exists.', validators=[django.core.validators.URLValidator(schemes=('http', 'https'))]),
        ),
        migrations.AlterField(
            model_name='source',
            name='url',
            field=models.URLField(blank=True, help_text="The publication's own address (http or https), when the captured text gives it.", validators=[django.core.validators.URLValidator(schemes=('http', 'https'))]),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('url', ''), ('url__istartswith', 'http://'), ('url__istartswith', 'https://'), _connector='OR'), name='source_url_is_web_address'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('archived_url', ''), ('archived_url__istartswith', 'http://'), ('archived_url__istartswith', 'https://'), _connector='OR'), name='source_archived_url_is_web_address'),
        ),
    ]
