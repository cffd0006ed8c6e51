from datetime import date

import pytest


@pytest.fixture
def make_event():
    """An event created through the service, as an analyst would code it (Tenggarong desa,
    a clash, two sources); keyword arguments override any field."""
    from waspada.areas.models import Area
    from waspada.events import services

    def make(user, **fields):
        values = {
            "event_date": date(2026, 11, 2),
            "area": Area.objects.get(code="64.02.06.1004"),
            "form": "bentrok",
            "summary": "Bentrok antarwarga di Tenggarong",
            "fatalities": 0,
            "injured": 2,
            "sources": ["sumber_daya_alam", "ekonomi"],
        }
        return services.create_event(user=user, **{**values, **fields})

    return make


@pytest.fixture
def make_report(personas):
    """A real report stored through intake's own service (the web channel)."""
    from waspada.intake.drafts import Draft, Raw, validate
    from waspada.intake.models import Channel
    from waspada.intake.services import store

    def make(text, area=None, **extra):
        draft = Draft(
            channel=Channel.WEB,
            raw=Raw(body=text.encode()),
            text=text,
            area_code=area.code if area else "",
            anonymous=False,
            **extra,
        )
        report = store(validate(draft)).report
        report.created_by = personas["reporter"]
        report.save()
        return report

    return make
