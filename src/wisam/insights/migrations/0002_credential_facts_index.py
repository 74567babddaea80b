"""A covering index on issued credentials for the reach dashboard (insights), created here, in SQL, because the
credentials app owns the table: every reach figure reads only (organisation, issued_at, version, learner)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0001_initial"),
        ("credentials", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS insights_credential_facts ON credentials_issuedcredential "
                "(organisation_id, issued_at, specification_version_id, learner_id)"
            ),
            reverse_sql="DROP INDEX IF EXISTS insights_credential_facts",
        ),
    ]
