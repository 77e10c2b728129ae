"""Demo data owned by the lms app: the site, its home page and the demo sign-ins."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from . import roles
from .choices import Country, OrganisationType, Sex
from .models import HomePage

DEMO_PASSWORD = "harbour-demo-2026"  # noqa: S105 - printed for the demo on purpose


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: str
    organisation: str
    organisation_type: str
    country: str
    sex: str
    position: str = ""


DEMO_USERS = (
    DemoUser(
        "admin@harbour.test",
        "Adaeze Morgan",
        roles.ADMINISTRATORS,
        "Regional Counter-Trafficking Programme",
        OrganisationType.INTERNATIONAL,
        Country.TRINIDAD_AND_TOBAGO,
        Sex.FEMALE,
        "Programme officer",
    ),
    DemoUser(
        "facilitator@harbour.test",
        "Marcus Joseph",
        roles.FACILITATORS,
        "Regional Counter-Trafficking Programme",
        OrganisationType.INTERNATIONAL,
        Country.SAINT_LUCIA,
        Sex.MALE,
        "Lead trainer",
    ),
    DemoUser(
        "facilitator2@harbour.test",
        "Ximena Martina",
        roles.FACILITATORS,
        "Regional Counter-Trafficking Programme",
        OrganisationType.INTERNATIONAL,
        Country.CURACAO,
        Sex.FEMALE,
        "Trainer",
    ),
    DemoUser(
        "participant@harbour.test",
        "Shania Charles",
        roles.PARTICIPANTS,
        "Ministry of National Security",
        OrganisationType.GOVERNMENT,
        Country.SAINT_LUCIA,
        Sex.FEMALE,
        "Immigration officer",
    ),
)

HOME_INTRO = (
    "Learn to recognise the signs of trafficking, to assist survivors safely, "
    "and to refer them through a network of agencies that trust each other."
)
HOME_BODY = (
    "<p>Harbour supports face-to-face trainings for government officials and NGO "
    "staff across the Caribbean. Participants work through the curriculum, take a "
    "test before and after the training, and receive a certificate anyone can "
    "verify. Facilitators take attendance in the room and follow each "
    "participant's progress.</p>"
)


def seed_site() -> HomePage:
    """Make a Harbour HomePage the root of the default site (replacing Wagtail's welcome page)."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's initial "Welcome" page has no place in Harbour (its site
        # goes with it and is made again below).
        Page.objects.filter(depth=2, content_type__model="page").delete()
        home = HomePage(title="Harbour", slug="home", intro=HOME_INTRO, body=HOME_BODY)
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


def seed_users() -> list[tuple[str, str]]:
    """Create the demo sign-ins; returns (role, email) pairs to print."""
    User = get_user_model()
    created = []
    for demo in DEMO_USERS:
        user = User.objects.filter(email__iexact=demo.email).first()
        if user is None:
            user = User(email=demo.email)
            user.set_password(DEMO_PASSWORD)
        user.full_name = demo.full_name
        user.organisation = demo.organisation
        user.organisation_type = demo.organisation_type
        user.country = demo.country
        user.sex = demo.sex
        user.position = demo.position
        if demo.role == roles.ADMINISTRATORS:
            user.is_staff = True
        user.save()
        user.groups.add(roles.role_group(demo.role))
        created.append((demo.role, demo.email))
    return created


def seed() -> dict:
    """Seed the lms part of the demo; idempotent."""
    home = seed_site()
    users = seed_users()
    return {"home": home, "users": users}
