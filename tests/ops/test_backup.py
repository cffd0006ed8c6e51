"""Backup and restore: the database, the uploaded files and the field keys, compared after a
real restore (SQLite's online backup, or pg_dump/pg_restore on PostgreSQL)."""

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from waspada.intake.models import Attachment, Report
from waspada.ops import backup

KEY = Fernet.generate_key().decode()


@pytest.fixture
def installation(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.WASPADA_FIELD_KEYS = [KEY]
    report = Report.objects.create(
        channel="web",
        text="Warga bentrok di Tenggarong",
        reporter_identity={"name": "Pak Rahmat", "phone": "+6281234567890"},
    )
    attachment = Attachment(report=report, content_type="image/png", size=5)
    attachment.file.save("foto.png", ContentFile(b"\x89PNG1"), save=True)
    return report, attachment


@pytest.mark.django_db(transaction=True)
def test_a_restore_brings_back_the_database_and_the_files_as_they_were(
    installation, tmp_path, settings
):
    report, attachment = installation
    archive, manifest = backup.backup(tmp_path / "backups")
    assert manifest["tables"]["intake_report"] == 1
    assert "intake_report.reporter_identity" in manifest["encrypted_samples"]
    assert list(manifest["media"]) == [attachment.file.name]
    before = backup._live_facts()["tables"]

    # Things change after the backup: a report deleted, another added, a file lost.
    path = attachment.file.path
    Report.objects.all().delete()
    Report.objects.create(channel="web", text="setelah cadangan")
    (tmp_path / "media" / attachment.file.name).unlink()

    call_command("restore", str(archive), "--yes")

    assert backup._live_facts()["tables"] == before
    restored = Report.objects.get()
    assert restored.pk == report.pk and restored.text == report.text
    assert restored.reporter_identity == {"name": "Pak Rahmat", "phone": "+6281234567890"}
    with open(path, "rb") as f:
        assert f.read() == b"\x89PNG1"
    # What was there before the restore is moved aside, not deleted.
    assert list(tmp_path.glob("media.before-restore-*"))


@pytest.mark.django_db(transaction=True)
def test_a_backup_the_configured_keys_cannot_read_is_refused_and_nothing_changes(
    installation, tmp_path, settings
):
    archive, _ = backup.backup(tmp_path / "b.tar.gz")
    settings.WASPADA_FIELD_KEYS = [Fernet.generate_key().decode()]  # a lost key
    Report.objects.create(channel="web", text="baru")
    with pytest.raises(CommandError, match="cannot decrypt"):
        call_command("restore", str(archive), "--yes")
    assert Report.objects.count() == 2  # nothing was replaced
    assert not list(tmp_path.glob("media.before-restore-*"))
