from django.db import migrations, models

import negotiations.models


def field_pair(model_name):
    return [
        migrations.AddField(
            model_name=model_name,
            name="archived_url",
            field=models.URLField(
                blank=True,
                help_text="A copy in a public web archive (Wayback Machine, archive.today), when one exists.",
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="retrieved_on",
            field=models.DateField(
                blank=True,
                null=True,
                help_text="When the text was captured, when recorded.",
                validators=[negotiations.models.not_in_future],
            ),
        ),
        migrations.AlterField(
            model_name=model_name,
            name="url",
            field=models.URLField(blank=True, help_text="The publication's own address, when the captured text gives it."),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0006_record_versions"),
    ]

    operations = field_pair("source") + field_pair("historicalsource")
