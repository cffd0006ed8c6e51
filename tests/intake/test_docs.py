"""The channel documentation cannot drift from the code."""

from pathlib import Path

from waspada.intake.channels import REGISTRY, webhook_channels
from waspada.intake.sms_syntax import KEYWORDS, STATUS_KEYWORDS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_webhook_and_its_settings_are_documented():
    text = (DOCS / "intake.md").read_text()
    for name in webhook_channels():
        assert f"/laporan/masuk/{name}/" in text, name
    settings_py = (DOCS.parent / "waspada" / "settings.py").read_text()
    block = settings_py.split("# Intake channels", 1)[1].split("\n# ----", 1)[0]
    names = [line.split(" ", 1)[0] for line in block.splitlines() if line.startswith("WASPADA_")]
    assert len(names) > 20
    for name in names:
        prefix = "_".join(name.split("_")[:2])
        assert name in text or f"{prefix}_*" in text, name


def test_the_sms_keywords_are_documented_in_both_guides():
    english = (DOCS / "intake.md").read_text()
    indonesian = (DOCS / "intake.id.md").read_text()
    for keyword in (*KEYWORDS, *STATUS_KEYWORDS[:1]):
        assert keyword in english, keyword
    assert "LAPOR" in indonesian and "CEK" in indonesian


def test_every_channel_is_in_the_table():
    text = (DOCS / "intake.md").read_text()
    assert len(REGISTRY) == 9
    for label in (
        "web form",
        "public form",
        "JSON API",
        "Twilio",
        "SMSSync",
        "Telegram",
        "WhatsApp",
        "e-mail",
        "KoboToolbox",
    ):
        assert label in text, label
