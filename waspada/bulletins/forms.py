from django import forms
from django.utils.translation import gettext_lazy as _

from waspada.areas.models import Area

from .models import Bulletin, BulletinEntry


class BulletinForm(forms.ModelForm):
    class Meta:
        model = Bulletin
        fields = ["title", "summary", "publication_level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publication_level"].required = False

    def clean_publication_level(self):
        return self.cleaned_data.get("publication_level") or Bulletin.PublicationLevel.KECAMATAN


class EntryForm(forms.ModelForm):
    class Meta:
        model = BulletinEntry
        fields = ["area", "level", "advice"]
        widgets = {"advice": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.kecamatan_of_regency().defer("geometry")


class EntryFormSetBase(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this kecamatan from the bulletin")


EntryFormSet = forms.inlineformset_factory(
    Bulletin,
    BulletinEntry,
    form=EntryForm,
    formset=EntryFormSetBase,
    extra=2,
    can_delete=True,
)
