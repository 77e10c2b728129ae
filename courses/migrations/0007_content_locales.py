"""The content locales besides English (whose tree exists): Spanish, French,
Dutch and Papiamentu, one Wagtail Locale each (decision 0010)."""

from django.db import migrations

CONTENT_LOCALES = ["es", "fr", "nl", "pap"]


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in CONTENT_LOCALES:
        Locale.objects.get_or_create(language_code=code)


def remove_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    # Only locales with no pages in them: a translated tree is never dropped.
    Page = apps.get_model("wagtailcore", "Page")
    for code in CONTENT_LOCALES:
        locale = Locale.objects.filter(language_code=code).first()
        if locale is not None and not Page.objects.filter(locale=locale).exists():
            locale.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_labels_for_translation"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(create_locales, remove_locales)]
