"""Fixtures for the risk tests that need the database: real events, reports and profiles made
through their own services, around one day (``TODAY``)."""

import datetime as dt

import pytest
from django.utils import timezone

TODAY = dt.date(2026, 11, 28)
TENGGARONG = "64.02.06"
DESA = "64.02.06.1001"  # a kelurahan of Tenggarong
LOA_KULU = "64.02.02"
DESA_LOA_KULU = "64.02.02.2015"  # Jongkang


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def risk_settings(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.WASPADA_RISK_THRESHOLDS = (("waspada", 25.0), ("siaga", 50.0), ("awas", 75.0))
    settings.WASPADA_RISK_WINDOWS = (7, 30, 90)
    from waspada.risk import config

    monkeypatch.setattr(config, "today", lambda: TODAY)
    return settings


def make_event(
    personas,
    code,
    days,
    form="bentrok",
    classification="biasa",
    verification="terverifikasi",
    sources=("sumber_daya_alam",),
    fatalities=0,
    summary="Bentrok warga dengan keamanan perusahaan",
    relevance="incident",
):
    from waspada.areas.models import Area
    from waspada.events.services import create_event

    return create_event(
        user=personas["analyst"],
        event_date=days_ago(days),
        area=Area.objects.get(code=code),
        form=form,
        summary=summary,
        classification=classification,
        verification=verification,
        sources=list(sources),
        fatalities=fatalities,
        relevance=relevance,
    )


def make_report(personas, code, days, hs=0.9, classification="terbatas", sources=("agama",)):
    """A report whose analysis found hate speech (set as the analysis task would)."""
    from waspada.intake.drafts import Draft, Raw, validate
    from waspada.intake.models import Report
    from waspada.intake.services import store

    text = "Spanduk provokasi terhadap kelompok agama lain dipasang di pasar."
    report = store(
        validate(
            Draft(
                channel="web",
                raw=Raw(body=text.encode()),
                text=text,
                area_code=code,
                anonymous=True,
                classification=classification,
            )
        )
    ).report
    when = timezone.make_aware(dt.datetime.combine(days_ago(days), dt.time(10)))
    analysis = {
        "relevance": "tension",
        "form": "ujaran_kebencian",
        "form_scores": {"ujaran_kebencian": 0.7},
        "hate_speech": {"HS": hs},
        "hate_speech_labels": ["HS", "HS_Religion"],
        "sources": [{"name": s, "score": 0.8} for s in sources],
    }
    Report.objects.filter(pk=report.pk).update(
        analysis=analysis, occurred_at=when, analysed_at=timezone.now()
    )
    report.refresh_from_db()
    return report


def make_profile(code, user=None, **values):
    from waspada.risk.models import AreaProfile
    from waspada.risk.profiles import save_profile

    defaults = {
        "population": 12000,
        "poverty_rate": 12.0,
        "religions": {"islam": 70, "kristen": 30},
        "ethnicities": {"kutai": 50, "jawa": 30, "bugis": 20},
        "mining_concessions": 3,
        "boundary_disputes": 1,
        "fkdm_present": False,
        "past_conflicts": 2,
    }
    profile = AreaProfile(area_id=code)
    save_profile(profile, {**defaults, **values}, user=user)
    return profile


@pytest.fixture
def world(db, personas, risk_settings):
    """Events of every classification in Tenggarong (one in a desa), a rejected one, a
    prevention activity, a clash in Loa Kulu, a hate-speech report, and two profiles."""
    w = {
        "biasa": make_event(personas, DESA, 3, fatalities=1),
        "terbatas": make_event(
            personas, TENGGARONG, 5, form="kerusuhan", classification="terbatas", sources=("agama",)
        ),
        "rahasia": make_event(
            personas, TENGGARONG, 10, form="kekerasan", classification="rahasia", sources=("etnis",)
        ),
        "old": make_event(personas, TENGGARONG, 200, form="unjuk_rasa"),
        "rejected": make_event(personas, TENGGARONG, 2, verification="ditolak"),
        "prevention": make_event(
            personas,
            TENGGARONG,
            4,
            form="pencegahan",
            relevance="prevention",
            summary="Dialog antarwarga difasilitasi FKUB",
            sources=(),
        ),
        "loa_kulu": make_event(personas, DESA_LOA_KULU, 6, form="blokade"),
        "report": make_report(personas, DESA, 2),
        "profile": make_profile(TENGGARONG, boundary_disputes=2),
        "profile_desa": make_profile(DESA_LOA_KULU, poverty_rate=25.0, fkdm_present=True),
    }
    return w
