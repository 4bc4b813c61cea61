"""The report's parameters, read the same way by the staff pages and the API."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Unit

from .periods import Period, current_quarter, period_from_shorthand, shorthand_choices
from .selectors import default_unit, reachable_units

# A longer range is no periodic report and would only load the database.
MAX_DAYS = 5 * 366


class ReportParamsForm(forms.Form):
    """`period` ("2026-Q1", "2026-H1", "2026-9M", "2026") or `from` and `to`, and a unit code.

    With neither a period nor dates, the current quarter; without a unit, the user's own
    (or the first they may report on).
    """

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        today = timezone.localdate()
        date_input = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["period"] = forms.CharField(
            label=_("period"),
            required=False,
            max_length=10,
            widget=forms.Select(
                choices=[*shorthand_choices(today), ("", _("Dates below"))],
            ),
        )
        self.fields["from"] = forms.DateField(
            label=_("from"), required=False, widget=date_input, input_formats=["%Y-%m-%d"]
        )
        self.fields["to"] = forms.DateField(
            label=_("to"), required=False, widget=date_input, input_formats=["%Y-%m-%d"]
        )
        self.units = list(reachable_units(user))
        self.fields["unit"] = forms.CharField(
            label=_("unit"),
            required=False,
            max_length=50,
            widget=forms.Select(choices=[(unit.code, unit.name) for unit in self.units]),
        )

    def clean_period(self) -> Period | None:
        text = self.cleaned_data["period"].strip()
        if not text:
            return None
        try:
            return period_from_shorthand(text)
        except ValueError as exc:
            raise forms.ValidationError(
                _("Write a period as 2026-Q1, 2026-H1, 2026-9M or 2026, not “%(value)s”."),
                params={"value": text},
            ) from exc

    def clean_unit(self) -> Unit | None:
        code = self.cleaned_data["unit"].strip()
        if not code:
            unit = default_unit(self.user)
            if unit is None:
                raise forms.ValidationError(_("You may report on no unit."))
            return unit
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(
                _("No unit has the code “%(code)s”."), params={"code": code}
            )
        if all(reachable.pk != unit.pk for reachable in self.units):
            raise forms.ValidationError(
                _("%(unit)s is outside the units you may report on."), params={"unit": unit.name}
            )
        return unit

    def clean(self):
        data = super().clean()
        first, last = data.get("from"), data.get("to")
        if self.errors:
            return data
        if first is None and last is None:
            data["report_period"] = data.get("period") or current_quarter(timezone.localdate())
            return data
        if data.get("period"):
            self.add_error("period", _("Give either a period or dates, not both."))
        elif first is None:
            self.add_error("from", _("Give the first day of the period."))
        elif last is None:
            self.add_error("to", _("Give the last day of the period."))
        elif last < first:
            self.add_error("to", _("The last day comes before the first."))
        elif (last - first).days >= MAX_DAYS:
            self.add_error("to", _("A report covers at most five years."))
        else:
            data["report_period"] = Period(first, last)
        return data

    @property
    def period(self) -> Period:
        return self.cleaned_data["report_period"]

    @property
    def unit(self) -> Unit:
        return self.cleaned_data["unit"]

    def errors_by_field(self) -> dict[str, list[str]]:
        return {
            ("non_field_errors" if key == "__all__" else key): [item["message"] for item in items]
            for key, items in self.errors.get_json_data().items()
        }
