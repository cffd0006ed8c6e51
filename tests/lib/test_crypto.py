"""Encrypted fields: Fernet tokens in the column, rotation by key list, derived embedded key."""

import pytest
from cryptography.fernet import Fernet

from waspada.lib import crypto


def test_round_trip_and_no_plaintext():
    token = crypto.encrypt(b"+6281298765432")
    assert "6281298765432" not in token
    assert crypto.decrypt(token) == b"+6281298765432"


def test_older_keys_still_decrypt_and_rotate_moves_to_the_newest(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.WASPADA_FIELD_KEYS = [old]
    token = crypto.encrypt(b"rahasia")
    settings.WASPADA_FIELD_KEYS = [new, old]
    assert crypto.decrypt(token) == b"rahasia"
    rotated = crypto.rotate(token)
    settings.WASPADA_FIELD_KEYS = [new]
    assert crypto.decrypt(rotated) == b"rahasia"
    with pytest.raises(ValueError):
        crypto.decrypt(token)


def test_without_keys_one_is_derived_from_the_secret_key(settings):
    settings.WASPADA_FIELD_KEYS = []
    token = crypto.encrypt(b"x")
    settings.SECRET_KEY = "another-secret-key-" * 3
    with pytest.raises(ValueError):
        crypto.decrypt(token)


def test_fields_convert_values():
    field = crypto.EncryptedJSONField()
    token = field.get_prep_value({"phone": "+62812"})
    assert "+62812" not in token
    assert field.from_db_value(token, None, None) == {"phone": "+62812"}
    assert field.get_prep_value(None) is None
    binary = crypto.EncryptedBinaryField()
    assert (
        binary.from_db_value(binary.get_prep_value(memoryview(b"\x00\xff")), None, None)
        == b"\x00\xff"
    )
    text = crypto.EncryptedTextField()
    assert text.from_db_value(text.get_prep_value("Budi"), None, None) == "Budi"


def test_rotating_all_rows_lets_the_old_key_go(db, settings):
    from io import StringIO

    from django.core.management import call_command

    from waspada.intake.models import Channel, Report

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.WASPADA_FIELD_KEYS = [old]
    report = Report.objects.create(
        channel=Channel.SMS, reporter_identity={"phone": "+62811"}, raw_body=b"From=%2B62811"
    )
    settings.WASPADA_FIELD_KEYS = [new, old]
    out = StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "intake.Report: 1 rows" in out.getvalue()
    settings.WASPADA_FIELD_KEYS = [new]
    report = Report.objects.get(pk=report.pk)
    assert report.reporter_identity == {"phone": "+62811"}
    assert report.raw_body == b"From=%2B62811"
