"""Indexes on the attempts' and attendance tables that the reports' rebuild needs.

They serve only the reports (reports.services), so the reports app creates them;
IF NOT EXISTS keeps this safe should the tables' owners declare the same ones.

- attempts by cohort and submission time, attendance by session and marking
  time: which cohorts changed since their last rebuild;
- attempts by participant, cohort and quiz: each enrolment's first pre-test and
  best post-test (without it SQLite walks a whole cohort's attempts per person).
"""

from django.db import migrations

INDEXES = {
    "reports_attempt_cohort_submitted": (
        "assessments_attempt",
        "cohort_id, submitted_at",
    ),
    "reports_attempt_participant_cohort_quiz": (
        "assessments_attempt",
        "participant_id, cohort_id, quiz_id",
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
