"""The status history of accreditations, back-filled from each one's start date, status and domain events."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import wisam.core.i18n


def backfill(apps, schema_editor):
    from wisam.accreditation.history import status_history_backfill

    status_history_backfill(
        accreditation_model=apps.get_model("accreditation", "Accreditation"),
        change_model=apps.get_model("accreditation", "AccreditationStatusChange"),
        event_model=apps.get_model("core", "DomainEvent"),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accreditation', '0002_register_search'),
        ('core', '0003_append_only_triggers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AccreditationStatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('active', 'Accredited'), ('expiring', 'Accredited, expiring soon'), ('expired', 'Expired'), ('suspended', 'Suspended'), ('withdrawn', 'Withdrawn')], max_length=20, verbose_name='status')),
                ('effective_at', models.DateTimeField(verbose_name='in force from')),
                ('reason', wisam.core.i18n.TranslatedField(blank=True, default=dict, verbose_name='reason')),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('accreditation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='accreditation.accreditation')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('event', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.domainevent')),
            ],
            options={
                'verbose_name': 'accreditation status change',
                'verbose_name_plural': 'accreditation status changes',
                'ordering': ['effective_at', 'id'],
                'indexes': [models.Index(fields=['accreditation', 'effective_at'], name='accr_status_change_at')],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
