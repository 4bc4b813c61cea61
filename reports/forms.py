"""The forms of the report screens alone; the report's parameters are in reports.params."""

from django import forms
from django.utils.translation import gettext_lazy as _

METRICS = (("rate", _("Open cases per 1,000 inhabitants")), ("count", _("Open cases")))


class MetricForm(forms.Form):
    metric = forms.ChoiceField(label=_("colour by"), choices=METRICS, required=False)

    def chosen(self) -> str:
        if self.is_valid() and self.cleaned_data["metric"]:
            return self.cleaned_data["metric"]
        return "rate"
