"""Attachments: type by content, size limit, location metadata stripped for non-analysts."""

import pytest

from waspada.accounts.models import Classification
from waspada.intake import files, services
from waspada.intake.drafts import Draft, Raw, Upload, validate
from waspada.intake.models import Channel

from .conftest import JPEG, PNG


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (JPEG, "image/jpeg"),
        (PNG, "image/png"),
        (b"%PDF-1.7\n...", "application/pdf"),
        (b"OggS\x00\x02" + bytes(20), "audio/ogg"),
        (b"ID3\x04" + bytes(20), "audio/mpeg"),
        (b"#!AMR\n" + bytes(10), "audio/amr"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"\x00\x00\x00\x20ftypM4A " + bytes(8), "audio/mp4"),
        (b"MZ\x90\x00", None),
        (b"<html><script>", None),
    ],
)
def test_the_type_is_read_from_the_content(data, kind):
    assert files.sniff(data) == kind


def test_a_renamed_executable_is_refused(settings):
    with pytest.raises(files.AttachmentError):
        files.check(b"MZ\x90\x00 this is not a photo")


def test_jpeg_and_png_lose_their_metadata_and_stay_images():
    stripped = files.strip_metadata(JPEG, "image/jpeg")
    assert b"GPSLATITUDE" in JPEG and b"GPSLATITUDE" not in stripped
    assert stripped.startswith(b"\xff\xd8") and stripped.endswith(b"\xff\xd9")
    assert files.sniff(stripped) == "image/jpeg"
    png = files.strip_metadata(PNG, "image/png")
    assert b"GPS" not in png and png.endswith(b"IEND\xaeB`\x82")


def test_webp_loses_exif_and_xmp_chunks():
    vp8x = b"VP8X" + (10).to_bytes(4, "little") + bytes([0x0C]) + bytes(9)
    exif = b"EXIF" + (6).to_bytes(4, "little") + b"GPS123"
    image = b"VP8L" + (5).to_bytes(4, "little") + b"\x2f\x00\x00\x00\x00" + b"\x00"
    body = b"WEBP" + vp8x + exif + image
    webp = b"RIFF" + len(body).to_bytes(4, "little") + body
    stripped = files.strip_metadata(webp, "image/webp")
    assert b"GPS123" not in stripped and b"VP8L" in stripped
    assert int.from_bytes(stripped[4:8], "little") == len(stripped) - 8
    assert stripped[20] & 0x0C == 0


@pytest.fixture
def report_with_photo(db, personas):
    reporter = personas["reporter"]
    draft = Draft(
        channel=Channel.WEB,
        raw=Raw(b""),
        text="Foto blokade",
        anonymous=False,
        area_code="64.02.06.1002",
        created_by=reporter,
        organisation=reporter.organisation,
        classification=Classification.BIASA,
        uploads=[Upload(JPEG, "blokade.jpg"), Upload(b"%PDF-1.4 ...", "surat.pdf")],
    )
    return services.store(validate(draft)).report


def test_analysts_download_the_original_others_a_stripped_copy(
    report_with_photo, personas, client_for
):
    photo, pdf = report_with_photo.attachments.order_by("content_type")
    photo, pdf = (photo, pdf) if photo.content_type == "image/jpeg" else (pdf, photo)
    analyst = client_for(personas["analyst"]).get(f"/laporan/lampiran/{photo.pk}/")
    assert b"GPSLATITUDE" in b"".join(analyst.streaming_content)
    reporter = client_for(personas["reporter"]).get(f"/laporan/lampiran/{photo.pk}/")
    assert reporter.status_code == 200
    assert b"GPSLATITUDE" not in reporter.content
    assert reporter["Content-Type"] == "image/jpeg"
    # Documents may hide positions we cannot strip: analysts only.
    assert client_for(personas["reporter"]).get(f"/laporan/lampiran/{pdf.pk}/").status_code == 403
    assert client_for(personas["analyst"]).get(f"/laporan/lampiran/{pdf.pk}/").status_code == 200
    # Outside the area scope: not found.
    outsider = client_for(personas["outsider_analyst"])
    assert outsider.get(f"/laporan/lampiran/{photo.pk}/").status_code == 404


def test_the_same_photo_twice_is_kept_once(db):
    draft = Draft(
        channel=Channel.API,
        raw=Raw(b""),
        text="x",
        uploads=[Upload(JPEG, "a.jpg"), Upload(JPEG, "b.jpg")],
    )
    report = services.store(validate(draft)).report
    assert report.attachments.count() == 1
    assert report.attachments.get().file.read() == JPEG


def test_file_field_storage_is_under_media_root(report_with_photo, settings):
    item = report_with_photo.attachments.first()
    assert item.file.path.startswith(str(settings.MEDIA_ROOT))
