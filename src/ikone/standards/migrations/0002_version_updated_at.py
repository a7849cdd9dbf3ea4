from typing import Any

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps: Any, schema_editor: Any) -> None:
    """Existing versions count as changed when their standard last changed (not at the upgrade)."""
    Standard = apps.get_model("standards", "Standard")
    StandardVersion = apps.get_model("standards", "StandardVersion")
    StandardVersion.objects.update(
        updated_at=Subquery(Standard.objects.filter(pk=OuterRef("standard_id")).values("updated_at")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("standards", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="standardversion",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="geändert"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
