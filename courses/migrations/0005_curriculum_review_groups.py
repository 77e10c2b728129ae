"""The two curriculum groups: editors write and submit, moderators review and publish.

Both open the admin and use the image and document libraries. On each course
index (and so on every course, module, lesson and quiz under it) editors may add
and change pages but not publish; moderators may also publish. The review task
of "Curriculum review" is given to the moderators by
`courses.services.curriculum_workflow_assign`, which also grants these page
permissions on course indexes made later.
"""

from django.db import migrations

EDITORS = "Curriculum editors"
MODERATORS = "Curriculum moderators"
PAGE_PERMISSIONS = {
    EDITORS: ("add_page", "change_page"),
    MODERATORS: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}
LIBRARY_PERMISSIONS = ("add", "change", "choose")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    CourseIndexPage = apps.get_model("courses", "CourseIndexPage")

    def permission(app_label, model, codename):
        content_type, _ = ContentType.objects.get_or_create(
            app_label=app_label, model=model
        )
        perm, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": codename.replace("_", " ").capitalize()},
        )
        return perm

    access_admin = permission("wagtailadmin", "admin", "access_admin")
    root_collection = Collection.objects.filter(depth=1).first()
    indexes = list(CourseIndexPage.objects.values_list("page_ptr_id", flat=True))
    for name, codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        if root_collection is not None:
            for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
                for action in LIBRARY_PERMISSIONS:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=permission(app_label, model, f"{action}_{model}"),
                    )
        for page_id in indexes:
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page_id=page_id,
                    permission=permission("wagtailcore", "page", codename),
                )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=PAGE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_curriculum_review_task"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
