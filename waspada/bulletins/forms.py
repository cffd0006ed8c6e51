from django import forms

from waspada.areas.models import Area

from .models import Bulletin, BulletinEntry


class BulletinForm(forms.ModelForm):
    class Meta:
        model = Bulletin
        fields = ["title", "summary"]


class EntryForm(forms.ModelForm):
    class Meta:
        model = BulletinEntry
        fields = ["area", "level", "advice"]
        widgets = {"advice": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.kecamatan_of_regency().defer("geometry")


EntryFormSet = forms.inlineformset_factory(
    Bulletin, BulletinEntry, form=EntryForm, extra=2, can_delete=True
)
