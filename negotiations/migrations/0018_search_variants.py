"""The curators' list of search variants (SearchVariant), started with the place and person names the articles
spell more than one way; curators extend it in the admin."""

import concurrency.fields
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


# Each row: the word as the record mostly spells it, and its other spellings.
STARTING_VARIANTS = [
    ("kyiv", "kiev"),
    ("zelensky", "zelenskyy, zelenskiy, zelenski"),
    ("kharkiv", "kharkov"),
    ("odesa", "odessa"),
    ("donbas", "donbass"),
    ("luhansk", "lugansk"),
    ("zaporizhzhia", "zaporozhye, zaporizhia, zaporozhzhia"),
    ("mykolaiv", "nikolaev, nikolayev"),
    ("dnipro", "dnepr, dnieper"),
    ("chernihiv", "chernigov"),
    ("sievierodonetsk", "severodonetsk"),
]


def seed(apps, schema_editor):
    SearchVariant = apps.get_model("negotiations", "SearchVariant")
    for word, variants in STARTING_VARIANTS:
        SearchVariant.objects.get_or_create(word=word, defaults={"variants": variants})


def unseed(apps, schema_editor):
    words = [word for word, _ in STARTING_VARIANTS]
    apps.get_model("negotiations", "SearchVariant").objects.filter(word__in=words).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('negotiations', '0017_undated_placement'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchVariant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(help_text='One word, as the record mostly spells it (Kyiv).', max_length=60, unique=True)),
                ('variants', models.TextField(help_text='Its other spellings, one word each, separated by commas (Kiev).')),
                ('version', concurrency.fields.AutoIncVersionField(default=0, help_text='record revision number')),
            ],
            options={
                'ordering': ['word'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalSearchVariant',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('word', models.CharField(db_index=True, help_text='One word, as the record mostly spells it (Kyiv).', max_length=60)),
                ('variants', models.TextField(help_text='Its other spellings, one word each, separated by commas (Kiev).')),
                ('version', concurrency.fields.AutoIncVersionField(default=0, help_text='record revision number')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical search variant',
                'verbose_name_plural': 'historical search variants',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(seed, unseed),
    ]
