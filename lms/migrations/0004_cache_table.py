"""Create the database cache's table, so `migrate` alone leaves a working database.

Harbour's default cache is Django's database cache (rate limits, check-in codes
and task progress are shared by every process through it). `createcachetable`
is idempotent: it creates only the tables that are missing, and none at all
when the configured caches are not database caches (Redis, or locmem in tests).
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command(
        "createcachetable", database=schema_editor.connection.alias, verbosity=0
    )


class Migration(migrations.Migration):
    dependencies = [("lms", "0003_homepage")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
