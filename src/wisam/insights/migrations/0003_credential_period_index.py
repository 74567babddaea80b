"""A second covering index on issued credentials, led by the issue date: the reach figures of one period (the
yearly report, a dashboard filtered by dates) read only that period's slice of it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0002_credential_facts_index"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS insights_credential_period ON credentials_issuedcredential "
                "(issued_at, organisation_id, specification_version_id, learner_id)"
            ),
            reverse_sql="DROP INDEX IF EXISTS insights_credential_period",
        ),
    ]
