import pytest


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
