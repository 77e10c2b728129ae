"""Indexes on the timestamps that tell the reports which cohorts changed.

They sit on the attempts' and attendance tables but serve only the reports'
refresh (reports.services.stale_cohort_ids), so the reports app creates them;
IF NOT EXISTS keeps this safe should their owners declare the same indexes.
"""

from django.db import migrations

INDEXES = {
    "reports_attempt_cohort_submitted": (
        "assessments_attempt",
        "cohort_id, submitted_at",
    ),
    "reports_attendance_session_marked": (
        "cohorts_attendance",
        "session_id, marked_at",
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, (table, columns) in INDEXES.items()
    ]
