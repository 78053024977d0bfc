"""The news index's filters: a GET form, so a filtered list has an address people can share.

Every field is optional. A value the form does not accept (a topic that does
not exist, say) is shown as an error on the page; the list is then filtered
by the values that were valid.
"""

from django import forms

from declaration import services as declaration
from topics.services import all_topics


class NewsFilterForm(forms.Form):
    topic = forms.ModelChoiceField(
        label="Topic",
        queryset=all_topics(),
        to_field_name="slug",
        empty_label="All topics",
        required=False,
        error_messages={"invalid_choice": "Select a topic from the list"},
    )
    principle = forms.ModelChoiceField(
        label="Declaration principle",
        queryset=declaration.principles(),
        to_field_name="slug",
        empty_label="All principles",
        required=False,
        error_messages={"invalid_choice": "Select a principle from the list"},
    )

    def chosen(self):
        """(topic, principle) to filter by; None for either that is not chosen or not valid."""
        self.is_valid()
        return self.cleaned_data.get("topic"), self.cleaned_data.get("principle")
