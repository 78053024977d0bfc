"""The fund in the Wagtail admin: a "Fund" menu holding the rounds (and, added by other parts, the bids).

Another admin view joins the "Fund" menu either by being listed in
`FundViewSetGroup.items`, or by naming the group's hook as its own::

    class ExpressionOfInterestViewSet(WorkflowViewSet):
        menu_hook = FUND_MENU_HOOK      # shown under "Fund", not on its own
        add_to_admin_menu = True

and being registered with `register_admin_viewset` as usual.
"""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.views.snippets import SnippetViewSet

from organisations.models import OrganisationType

from .models import Round

FUND_MENU_HOOK = "register_fund_menu_item"


class RoundForm(WagtailAdminModelForm):
    """A round's form: who may lead a bid is ticked from the organisation types, and kept as a list of them."""

    lead_organisation_types = forms.MultipleChoiceField(
        label="Types of organisation that may lead a bid",
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick none to let any local authority lead.",
        error_messages={"invalid_choice": "Select types of organisation from the list"},
    )

    def clean_lead_organisation_types(self):
        chosen = self.cleaned_data["lead_organisation_types"]
        return [value for value, _ in OrganisationType.choices if value in chosen]  # in the list's order


class RoundViewSet(SnippetViewSet):
    model = Round
    menu_label = "Fund rounds"
    icon = "date"
    edit_handler = ObjectList(Round.panels, base_form_class=RoundForm)
    list_display = ["name", "eoi_opens_at", "applications_close_at", "decision_date"]
    ordering = ["-eoi_opens_at"]
    search_fields = ["name"]
    search_backend_name = None  # a handful of rows: the database's own search


class FundViewSetGroup(ViewSetGroup):
    menu_label = "Fund"
    menu_icon = "pick"
    menu_order = 330
    submenu_hook = FUND_MENU_HOOK
    items = [RoundViewSet]
