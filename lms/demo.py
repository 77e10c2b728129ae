"""Demo data owned by the lms app: the site, its home page and the demo sign-ins.

Loads lms/demo_data/site.json, gives every demo account the demo password (and
a username to those without an email), keeps Wagtail's page log quiet while
seeding, and indexes everything for search once the other apps have seeded.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils.text import slugify
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.search import index as search_index
from wagtail.search.models import IndexEntry

from . import roles
from .models import HomePage
from .services import user_create

DATA = Path(__file__).resolve().parent / "demo_data"
DEMO_PASSWORD = "harbour-demo-2026"  # noqa: S105 - printed for the demo on purpose
# Loggers that report every page created, edited or published.
NOISY_LOGGERS = ("wagtail", "wagtail.core", "wagtail.admin")


@cache
def content() -> dict:
    """The demo site and its sign-ins as written in site.json."""
    return json.loads((DATA / "site.json").read_text(encoding="utf-8"))


@cache
def _password_hash() -> str:
    # One hash for every demo account: hashing 70 passwords one by one would
    # make the first `make run` wait for no gain (the password is public).
    return make_password(DEMO_PASSWORD)


def seed_site() -> HomePage:
    """Make a Harbour HomePage the root of the default site (replacing Wagtail's welcome page)."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's initial "Welcome" page has no place in Harbour (its site
        # goes with it and is made again below).
        Page.objects.filter(depth=2, content_type__model="page").delete()
        home = HomePage(**content()["home"])
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Harbour",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Harbour"
        site.save()
    return home


def _username_for(full_name: str, taken: set[str]) -> str:
    base = slugify(full_name).replace("-", ".") or "participant"
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}{number}"
    taken.add(name)
    return name


def sign_ins_give(users: Iterable) -> int:
    """Give demo accounts the demo password, and a username where there is no
    email; accounts that can already sign in are left alone. Returns how many changed."""
    User = get_user_model()
    taken = set(User.objects.exclude(username=None).values_list("username", flat=True))
    changed = []
    for user in users:
        before = (user.password, user.username)
        if not user.has_usable_password():
            user.password = _password_hash()
        if not user.email and not user.username:
            user.username = _username_for(user.full_name, taken)
        if (user.password, user.username) != before:
            changed.append(user)
    User.objects.bulk_update(changed, ["password", "username"])
    return len(changed)


def seed_users() -> list[tuple[str, str]]:
    """Create the four documented demo sign-ins; returns (role, email) pairs to print."""
    User = get_user_model()
    created = []
    for spec in content()["users"]:
        spec = dict(spec)
        role = spec.pop("role")
        # Groups inside the admin beside the role, e.g. "Curriculum moderators".
        extra_groups = spec.pop("groups", [])
        user = User.objects.filter(email__iexact=spec["email"]).first()
        if user is None:
            user = user_create(role=role, **spec)
        if role == roles.ADMINISTRATORS and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        group = roles.role_group(role)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        for name in extra_groups:
            extra, _ = Group.objects.get_or_create(name=name)
            if not user.groups.filter(pk=extra.pk).exists():
                user.groups.add(extra)
        sign_ins_give([user])
        created.append((role, user.email))
    return created


@contextmanager
def quiet_page_log() -> Iterator[None]:
    """Silence Wagtail's one-line-per-page log while the demo is seeded."""
    loggers = [logging.getLogger(name) for name in NOISY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def index_everything() -> int:
    """Put every searchable object not yet in the search index into it, and
    every object's references into Wagtail's reference index, now.

    Saves only queue this work for a task worker; the demo must be complete
    when seed_demo ends, and a second run must find nothing to write.
    Returns how many objects were added to the search index.
    """
    indexed = set(IndexEntry.objects.values_list("content_type_id", "object_id"))
    added = 0
    for model in search_index.get_indexed_models():
        for obj in model.get_indexed_objects():
            instance = obj.get_indexed_instance()
            if instance is None:
                continue
            key = (ContentType.objects.get_for_model(instance).pk, str(instance.pk))
            if key in indexed:
                continue
            search_index.insert_or_update_object(instance)
            indexed.add(key)
            added += 1
    for model in apps.get_models():
        if not ReferenceIndex.is_indexed(model):
            continue
        if issubclass(model, Page):
            # Every page once, as its specific type, so body references count.
            if model is not Page:
                continue
            objects = Page.objects.specific()
        else:
            objects = model.objects.all()
        for obj in objects:
            ReferenceIndex.create_or_update_for_object(obj)
    return added


def seed(**_options) -> dict:
    """Seed the lms part of the demo; idempotent."""
    home = seed_site()
    users = seed_users()
    notes = {
        spec["email"]: "approves curriculum changes"
        for spec in content()["users"]
        if "Curriculum moderators" in spec.get("groups", [])
    }
    return {"home": home, "users": users, "notes": notes}
