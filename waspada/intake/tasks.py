"""Background work for intake: reading each report, media fetching, answers to senders."""

import dataclasses
import hashlib
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from waspada.areas.models import Area
from waspada.lib import http
from waspada.ops import periodic

from . import files
from .models import Attachment, Report, ReportLog
from .services import last_heard_from
from .signals import report_analysed

logger = logging.getLogger("waspada.intake")


def _area_risk(kecamatan_code: str | None) -> float | None:
    """The kecamatan's current overall risk (0..1) for ordering triage within a severity."""
    from waspada.risk.queries import headline_score

    score = headline_score(kecamatan_code) if kecamatan_code else None
    return None if score is None else score / 100.0


@task()
def analyse_report(report_id: int) -> bool:
    """Read a report with the NLP pipeline, keep the analysis and hand it on
    (``report_analysed``, in the same transaction). Enqueued with the report itself, and
    again when a follow-up adds text."""
    from waspada.nlp import analyze, urgency  # the models load on first use, in the worker only

    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return False
    text = "\n".join(part for part in (report.title, report.text, report.place_text) if part)
    # Relative dates ("kemarin", "Sabtu (14/9)") are read against the day the report came in.
    analysis = analyze(text, published_at=report.received_at, channel=report.channel)
    changes = {"analysis": analysis.as_dict(), "analysed_at": timezone.now()}
    kecamatan_code = report.kecamatan_code
    if report.area_id is None and analysis.primary_place:
        # The analysis found the place in the text: a derived area, recomputable from the text.
        area = Area.objects.in_regency().filter(code=analysis.primary_place).only("code").first()
        if area is not None:
            changes.update(area_id=area.code, kecamatan_code=area.kecamatan_code)
            kecamatan_code = area.kecamatan_code
    changes["urgency"] = urgency(analysis, area_risk=_area_risk(kecamatan_code))
    with transaction.atomic():
        Report.objects.filter(pk=report_id).update(**changes)
        report_analysed.announce(report_id=report_id)
    return True


def _pull(source) -> dict | None:
    """``source.pull()`` (``imap``, ``odk_central``: each logs what it could not store) when
    the source is set up. A source that cannot be reached fails the task, which the status
    page shows."""
    return dataclasses.asdict(source.pull()) if source.configured() else None


@task()
def poll_mailbox():
    """Reports from the IMAP mailbox (``WASPADA_IMAP_*``)."""
    from . import imap

    return _pull(imap)


periodic.register("intake.poll_mailbox", poll_mailbox, timedelta(minutes=2))


@task()
def poll_odk_central():
    """New submissions from ODK Central (``WASPADA_ODK_CENTRAL_*``)."""
    from . import odk_central

    return _pull(odk_central)


periodic.register("intake.poll_odk_central", poll_odk_central, timedelta(minutes=2))


@task()
def fetch_media(attachment_id: int) -> bool:
    """Download a photo or recording the channel only referred to, and check it."""
    from .channels import REGISTRY

    attachment = Attachment.objects.select_related("report").filter(pk=attachment_id).first()
    if attachment is None or attachment.is_fetched or not attachment.remote_ref:
        return False
    channel = REGISTRY[attachment.report.channel]
    try:
        data, name = channel.fetch_media(attachment.remote_ref)
        content_type = files.check(data)
    except (files.AttachmentError, http.HttpError) as e:
        attachment.fetch_error = str(e)[:300]
        attachment.save(update_fields=["fetch_error"])
        return False
    digest = hashlib.sha256(data).hexdigest()
    attachment.content_type = content_type
    attachment.size = len(data)
    attachment.sha256 = digest
    attachment.original_name = attachment.original_name or name
    attachment.file.save(
        f"{digest[:16]}.{files.EXTENSIONS[content_type]}", ContentFile(data), save=False
    )
    attachment.fetch_error = ""
    attachment.save()
    return True


@task()
def answer_reporter(report_id: int, text: str) -> bool:
    """Send ``text`` to the reporter on the channel the report came in by."""
    from .channels import REGISTRY

    report = Report.objects.filter(pk=report_id).first()
    if report is None or not report.reply_to:
        return False
    channel = REGISTRY.get(report.channel)
    if channel is None or not channel.can_send():
        return False
    if not channel.send_update(report.reply_to, text, last_heard_from(report)):
        with translation.override(settings.LANGUAGE_CODE):
            why = _(
                "Not sent to the reporter: %(channel)s delivers free text only within 24 hours "
                "of their last message, and no message template is set up for later answers."
            ) % {"channel": report.get_channel_display()}
        ReportLog.objects.create(report=report, kind=ReportLog.Kind.NOTE, text=f"{why} {text}")
        return False
    ReportLog.objects.create(report=report, kind=ReportLog.Kind.REPLY, text=text)
    return True


@task()
def send_answer(channel_name: str, sealed_reply_to: str, text: str) -> bool:
    """Answer a sender who has no report (help, status queries); the address stays encrypted."""
    from waspada.lib import crypto

    from .channels import REGISTRY

    channel = REGISTRY[channel_name]
    if not channel.can_send():
        return False
    channel.send(json.loads(crypto.decrypt(sealed_reply_to)), text)
    return True
