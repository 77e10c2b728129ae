"""factory-boy factories shared by every app's tests."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lms import roles
from lms.choices import Country, OrganisationType, Sex


class UserFactory(factory.django.DjangoModelFactory):
    """A participant with a full profile; pass role= for another role."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    organisation = "Ministry of Home Affairs"
    organisation_type = OrganisationType.GOVERNMENT
    sex = Sex.FEMALE
    country = Country.SAINT_LUCIA
    password = factory.django.Password("pw-for-tests-1")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        role = kwargs.pop("role", roles.PARTICIPANTS)
        user = super()._create(model_class, *args, **kwargs)
        if role:
            user.groups.add(Group.objects.get(name=role))
            if role == roles.ADMINISTRATORS:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
        return user


def participant(**kwargs):
    """A user in the Participants group."""
    return UserFactory(role=roles.PARTICIPANTS, **kwargs)


def facilitator(**kwargs):
    """A user in the Facilitators group."""
    return UserFactory(role=roles.FACILITATORS, **kwargs)


def administrator(**kwargs):
    """A user in the Administrators group (enters the Wagtail admin)."""
    return UserFactory(role=roles.ADMINISTRATORS, **kwargs)
