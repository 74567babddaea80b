"""Full-text search of the register: an FTS5 table on SQLite, a generated tsvector column + GIN index on PostgreSQL.

The SQL is written out here (not imported) so that this migration never changes; see wisam.accreditation.search.
"""

from django.db import migrations

FORWARDS = {
    "sqlite": [
        "CREATE VIRTUAL TABLE IF NOT EXISTS accreditation_register_fts USING fts5(body, "
        "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    ],
    "postgresql": [
        "ALTER TABLE accreditation_registerentry ADD COLUMN search_tsv tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
        "CREATE INDEX accreditation_registerentry_search_gin ON accreditation_registerentry USING gin (search_tsv)",
    ],
}
BACKWARDS = {
    "sqlite": ["DROP TABLE IF EXISTS accreditation_register_fts"],
    "postgresql": [
        "DROP INDEX IF EXISTS accreditation_registerentry_search_gin",
        "ALTER TABLE accreditation_registerentry DROP COLUMN IF EXISTS search_tsv",
    ],
}


def forwards(apps, schema_editor):
    for statement in FORWARDS.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in BACKWARDS.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
