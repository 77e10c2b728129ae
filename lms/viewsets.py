"""The Wagtail admin's user screens, with Harbour's user forms."""

from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .forms import HarbourUserCreationForm, HarbourUserEditForm


class UserViewSet(WagtailUserViewSet):
    """Wagtail's users area; its forms also edit the person's organisation."""

    def get_form_class(self, for_update=False):
        return HarbourUserEditForm if for_update else HarbourUserCreationForm
