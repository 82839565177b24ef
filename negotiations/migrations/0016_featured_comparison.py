"""The featured comparison: the two statements the home page compares, chosen by a curator (issue 19).

No row is written here: until a curator chooses one, the home page falls back to each party's latest memorandum,
as before. The curated records (fixtures/ceasefire.json) feature the two memoranda of June 2025.
"""

import concurrency.fields
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0015_drop_monthly_term_counts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalFeaturedComparison",
            fields=[
                ("id", models.PositiveSmallIntegerField(db_index=True, default=1, editable=False)),
                (
                    "left_side",
                    models.CharField(
                        choices=[
                            ("russia", "Russia"),
                            ("ukraine", "Ukraine"),
                            ("mediator", "Mediator"),
                            ("analyst", "Analyst"),
                            ("other", "Other"),
                        ],
                        editable=False,
                        max_length=10,
                    ),
                ),
                (
                    "right_side",
                    models.CharField(
                        choices=[
                            ("russia", "Russia"),
                            ("ukraine", "Ukraine"),
                            ("mediator", "Mediator"),
                            ("analyst", "Analyst"),
                            ("other", "Other"),
                        ],
                        editable=False,
                        max_length=10,
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True, help_text="For the curators: why these two. Not shown on the site.", max_length=300
                    ),
                ),
                ("version", concurrency.fields.AutoIncVersionField(default=0, help_text="record revision number")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "left",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Shown on the left (Russia's column on today's home page).",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="negotiations.statement",
                        verbose_name="left statement",
                    ),
                ),
                (
                    "right",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="negotiations.statement",
                        verbose_name="right statement",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical featured comparison",
                "verbose_name_plural": "historical featured comparisons",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="FeaturedComparison",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
                (
                    "left_side",
                    models.CharField(
                        choices=[
                            ("russia", "Russia"),
                            ("ukraine", "Ukraine"),
                            ("mediator", "Mediator"),
                            ("analyst", "Analyst"),
                            ("other", "Other"),
                        ],
                        editable=False,
                        max_length=10,
                    ),
                ),
                (
                    "right_side",
                    models.CharField(
                        choices=[
                            ("russia", "Russia"),
                            ("ukraine", "Ukraine"),
                            ("mediator", "Mediator"),
                            ("analyst", "Analyst"),
                            ("other", "Other"),
                        ],
                        editable=False,
                        max_length=10,
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True, help_text="For the curators: why these two. Not shown on the site.", max_length=300
                    ),
                ),
                ("version", concurrency.fields.AutoIncVersionField(default=0, help_text="record revision number")),
                (
                    "left",
                    models.ForeignKey(
                        help_text="Shown on the left (Russia's column on today's home page).",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="negotiations.statement",
                        verbose_name="left statement",
                    ),
                ),
                (
                    "right",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="negotiations.statement",
                        verbose_name="right statement",
                    ),
                ),
            ],
            options={
                "verbose_name": "featured comparison",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("id", 1)), name="featured_comparison_is_one_row"),
                    models.CheckConstraint(
                        condition=models.Q(("left", models.F("right")), _negated=True),
                        name="featured_comparison_two_statements",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("left_side", models.F("right_side")), _negated=True),
                        name="featured_comparison_two_parties",
                    ),
                ],
            },
        ),
    ]
