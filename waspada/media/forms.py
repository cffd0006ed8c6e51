import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Source, SourceKind, Triage


class SourceForm(forms.ModelForm):
    url = forms.URLField(label=_("address"), max_length=1000, required=False, assume_scheme="https")

    class Meta:
        model = Source
        fields = ["name", "kind", "url", "outlet", "link_pattern", "every_minutes", "active"]

    def clean_every_minutes(self):
        value = self.cleaned_data["every_minutes"]
        if value < 5:
            raise forms.ValidationError(
                _("Poll at most every 5 minutes: news sites ask for restraint.")
            )
        return value

    def clean_link_pattern(self):
        pattern = self.cleaned_data["link_pattern"].strip()
        if pattern:
            try:
                re.compile(pattern)
            except re.error as e:
                raise forms.ValidationError(
                    _("This is not a valid regular expression: %(error)s"),
                    params={"error": e},
                ) from e
        return pattern

    def clean(self):
        data = super().clean()
        kind, url = data.get("kind"), data.get("url")
        if kind and kind != SourceKind.IMPORT and not url:
            self.add_error("url", _("A feed, listing page or sitemap needs its web address."))
        if kind == SourceKind.IMPORT and url:
            self.add_error("url", _("Imported sources are not polled: leave the address empty."))
        return data


class ArticleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    triage = forms.BooleanField(label=_("Awaiting triage"), required=False)
    relevant = forms.BooleanField(label=_("Relevant only"), required=False)
    source = forms.ModelChoiceField(
        label=_("Source"),
        queryset=Source.objects.all(),
        required=False,
        empty_label=_("All sources"),
    )

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        from .services import search

        data = self.cleaned_data
        queryset = search(queryset, data["q"])
        if data["triage"]:
            queryset = queryset.filter(story__triage=Triage.PENDING)
        if data["relevant"]:
            queryset = queryset.exclude(relevance__in=["", "none"])
        if data["source"]:
            queryset = queryset.filter(source=data["source"])
        return queryset


class TriageForm(forms.Form):
    triage = forms.ChoiceField(
        label=_("Triage"),
        choices=[
            (Triage.REVIEWED, _("Reviewed")),
            (Triage.DISMISSED, _("Dismiss")),
            (Triage.PENDING, _("Back to the queue")),
        ],
    )
