from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cases.forms import PHONE, MultipleFileField
from cases.models import Channel, Field, Kind, Petition
from cases.selectors import current_localities
from cases.services import PetitionInput

CODE_MAX_LENGTH = 64
COORDINATE = forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})
# A field no person sees (hidden by portal.css); a bot filling every input fills it too.
HONEYPOT = "website"


class StatusForm(forms.Form):
    """The status page's one field; it is only displayed, and the lookup takes any text."""

    code = forms.CharField(
        label=_("Tracking code"),
        max_length=CODE_MAX_LENGTH,
        help_text=_(
            "As printed on your receipt, e.g. 26-K7Q3M-9XPAB-4. Case and spaces do not matter."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class SubmitForm(forms.Form):
    """A recommendation or feedback sent online (complaints and denunciations come in person)."""

    kind = forms.ChoiceField(
        label=_("What are you sending?"),
        choices=[
            (Kind.RECOMMENDATION, Kind.RECOMMENDATION.label),
            (Kind.FEEDBACK, Kind.FEEDBACK.label),
        ],
        widget=forms.RadioSelect,
        initial=Kind.FEEDBACK,
    )
    field = forms.ModelChoiceField(
        label=_("field"), queryset=Field.objects.filter(is_active=True), to_field_name="code"
    )
    locality = forms.ModelChoiceField(label=_("locality"), queryset=None, to_field_name="code")
    subject = forms.CharField(label=_("subject"), max_length=500)
    content = forms.CharField(label=_("content"), widget=forms.Textarea, max_length=20_000)
    # Filled by the "use my location" button (portal/location.js), or typed; the model's
    # field gives the range and precision.
    latitude = Petition._meta.get_field("latitude").formfield(widget=COORDINATE)
    longitude = Petition._meta.get_field("longitude").formfield(widget=COORDINATE)
    attachments = MultipleFileField(
        label=_("photos or PDF documents"),
        required=False,
        help_text=_("Optional: up to %(count)d files, such as a photo of the place."),
    )
    full_name = forms.CharField(
        label=_("full name"),
        max_length=255,
        required=False,
        help_text=_("Optional. Leave empty to send it anonymously."),
    )
    phone = PHONE
    email = forms.EmailField(label=_("email"), max_length=254, required=False)
    address = forms.CharField(label=_("address"), max_length=500, required=False)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = current_localities()
        attachments = self.fields["attachments"]
        attachments.max_files = settings.PORTAL_ATTACHMENT_MAX_FILES
        attachments.help_text = attachments.help_text % {"count": attachments.max_files}

    def is_bot(self) -> bool:
        """Return whether the hidden field was filled, which no person can do."""
        return bool(self.data.get(HONEYPOT))

    def clean(self):
        cleaned = super().clean()
        contact = any(cleaned.get(name) for name in ("phone", "email", "address"))
        if contact and not cleaned.get("full_name"):
            self.add_error("full_name", _("Enter your name with your contact details."))
        return cleaned

    def to_petition_input(self) -> PetitionInput:
        return PetitionInput.from_cleaned(self.cleaned_data, channel=Channel.PORTAL)
