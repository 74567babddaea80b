"""Load the shipped survey instruments (data/surveys/*.json), so the product has them without the demo."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from wisam.quality.surveys import instruments_load_into

    instruments_load_into(apps.get_model("quality", "SurveyInstrument"))


class Migration(migrations.Migration):
    dependencies = [("quality", "0002_feedback_loop")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
