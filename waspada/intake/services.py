"""Storing reports and what triage does to them. Views and channels call these; nothing else
writes a Report.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from waspada.accounts import audit, policy
from waspada.accounts.models import AuditLog, Classification
from waspada.lib.queue import enqueue_on_commit, enqueue_with_transaction

from . import files
from .drafts import Draft
from .models import Attachment, Report, ReportLog, Status

# A location or photo sent this soon after a report by the same sender belongs to it.
FOLLOWUP_WINDOW = timedelta(minutes=30)


@dataclass
class Stored:
    report: Report
    created: bool  # False: a repeated delivery, or a follow-up added to ``report``
    followup: bool = False
    repeat: bool = False  # the same delivery seen before


def store(draft: Draft) -> Stored:
    """Store a validated draft; a repeated delivery returns the report stored the first time."""
    if draft.message_id:
        seen = _seen(draft)
        if seen is not None:
            return seen
    # Built before the transaction: its writers wait in line (SQLite admits one at a time),
    # so the turn is held only for the writing.
    report = _new_report(draft)
    try:
        with transaction.atomic():
            if draft.sender_id:
                recent = (
                    Report.objects.select_for_update()
                    .filter(
                        channel=draft.channel,
                        sender_key=draft.sender_key,
                        received_at__gte=timezone.now() - FOLLOWUP_WINDOW,
                    )
                    .order_by("-received_at")
                    .first()
                )
                # A location or photo joins the last report; text joins a report that has
                # none yet (the sender shared the location first).
                if recent is not None and (draft.followup or not recent.text):
                    _add_followup(recent, draft)
                    return Stored(recent, created=False, followup=True)
            _create(report, draft)
    except IntegrityError:
        # The same delivery arrived twice at once: the other request stored it.
        seen = _seen(draft) if draft.message_id else None
        if seen is None:
            raise
        return seen
    return Stored(report, created=True)


def _seen(draft: Draft) -> Stored | None:
    report = Report.objects.filter(
        channel=draft.channel, channel_message_id=draft.message_id
    ).first()
    if report is not None:
        return Stored(report, created=False, repeat=True)
    log = (
        ReportLog.objects.select_related("report")
        .filter(channel=draft.channel, channel_message_id=draft.message_id)
        .first()
    )
    if log is not None:
        return Stored(log.report, created=False, followup=True, repeat=True)
    return None


def _resolve_area(draft: Draft):
    if draft.area is None and draft.lat is not None:
        from waspada.areas.locate import locate

        found = locate(draft.lat, draft.lon)
        if found is not None:
            draft.area = found.desa or found.kecamatan
    return draft.area


def _new_report(draft: Draft) -> Report:
    return Report(
        channel=draft.channel,
        channel_message_id=draft.message_id,
        title=draft.title,
        text=draft.text,
        occurred_at=draft.occurred_at,
        place_text=draft.place_text,
        lat=draft.lat,
        lon=draft.lon,
        area=_resolve_area(draft),
        anonymous=draft.anonymous,
        reporter_identity=_clean_identity(draft.identity) if not draft.anonymous else None,
        reply_to=draft.reply_to,
        sender_key=draft.sender_key,
        raw_body=draft.raw.body,
        raw_content_type=draft.raw.content_type[:200],
        raw_headers=draft.raw.headers,
        classification=draft.classification or settings.WASPADA_INTAKE_DEFAULT_CLASSIFICATION,
        language=draft.language if draft.language in dict(settings.LANGUAGES) else "",
        organisation=draft.organisation,
        created_by=draft.created_by,
    )


def _create(report: Report, draft: Draft) -> None:
    report.save()
    _add_media(report, draft)
    from .tasks import analyse_report

    enqueue_with_transaction(analyse_report, report.pk)  # committed with the report


def _clean_identity(identity: dict | None) -> dict | None:
    if not identity:
        return None
    cleaned = {k: str(v).strip()[:200] for k, v in identity.items() if v and str(v).strip()}
    return cleaned or None


def _add_media(report: Report, draft: Draft) -> None:
    if not draft.uploads and not draft.remote_media:
        return
    known = set(report.attachments.values_list("sha256", flat=True))
    for upload in draft.uploads:
        digest = hashlib.sha256(upload.data).hexdigest()
        if digest in known:
            continue
        known.add(digest)
        attachment = Attachment(
            report=report,
            original_name=upload.name[:255],
            content_type=upload.content_type,
            size=len(upload.data),
            sha256=digest,
        )
        attachment.file.save(
            f"{digest[:16]}.{files.EXTENSIONS[upload.content_type]}",
            ContentFile(upload.data),
            save=False,
        )
        attachment.save()
    if draft.remote_media:
        from .tasks import fetch_media

        for ref in draft.remote_media:
            attachment = Attachment.objects.create(
                report=report, remote_ref=ref, original_name=ref.get("name", "")[:255]
            )
            enqueue_with_transaction(fetch_media, attachment.pk)


def _add_followup(report: Report, draft: Draft) -> None:
    changed = []
    if draft.lat is not None and not report.has_location:
        report.lat, report.lon = draft.lat, draft.lon
        changed += ["lat", "lon"]
        if report.area_id is None and _resolve_area(draft) is not None:
            report.area = draft.area
            changed += ["area", "kecamatan_code"]
    if draft.place_text and not report.place_text:
        report.place_text = draft.place_text
        changed.append("place_text")
    if draft.text:
        report.text = f"{report.text}\n\n{draft.text}".strip()
        changed.append("text")
    if changed:
        report.save(update_fields=[*changed, "updated_at"])
    ReportLog.objects.create(
        report=report,
        kind=ReportLog.Kind.FOLLOWUP,
        text=draft.text,
        detail={
            "lat": draft.lat,
            "lon": draft.lon,
            "media": len(draft.uploads) + len(draft.remote_media),
        },
        channel=draft.channel,
        channel_message_id=draft.message_id,
        raw_body=draft.raw.body,
        raw_content_type=draft.raw.content_type[:200],
    )
    _add_media(report, draft)
    if "text" in changed:
        from .tasks import analyse_report

        enqueue_with_transaction(analyse_report, report.pk)


# Reading the identity --------------------------------------------------------------------


def read_identity(report: Report, user, *, request=None) -> dict | None:
    """The reporter's identity, for users allowed to read it; every read is audited."""
    if not (policy.can_read_identity(user) and policy.can_view_report(user, report)):
        raise PermissionDenied
    audit.record(
        AuditLog.Action.READ_SENSITIVE,
        request=request,
        actor=user,
        obj=report,
        field="reporter_identity",
        tracking_code=report.tracking_code,
    )
    return report.reporter_identity


def read_raw(report: Report, user, *, request=None) -> bytes:
    """The raw delivery (it holds the sender's address): same rule and audit as the identity."""
    if not (policy.can_read_identity(user) and policy.can_triage_report(user, report)):
        raise PermissionDenied
    audit.record(
        AuditLog.Action.READ_SENSITIVE,
        request=request,
        actor=user,
        obj=report,
        field="raw_body",
        tracking_code=report.tracking_code,
    )
    return report.raw_body or b""


# Triage ------------------------------------------------------------------------------------


def _require_triage(user, report):
    if not policy.can_triage_report(user, report):
        raise PermissionDenied


@transaction.atomic
def change_status(
    report: Report,
    status: str,
    *,
    actor,
    reason: str = "",
    duplicate_of: Report | None = None,
    notify: bool = False,
) -> ReportLog:
    _require_triage(actor, report)
    if status not in Status.values:
        raise ValueError(f"unknown status {status!r}")
    old = report.status
    report.status = status
    report.status_reason = reason
    report.duplicate_of = duplicate_of if status == Status.DUPLIKAT else None
    report.save(update_fields=["status", "status_reason", "duplicate_of", "updated_at"])
    entry = ReportLog.objects.create(
        report=report,
        kind=ReportLog.Kind.STATUS,
        actor=actor,
        text=reason,
        detail={
            "from": old,
            "to": status,
            "duplicate_of": duplicate_of.tracking_code if duplicate_of else None,
        },
    )
    if notify:
        notify_reporter(report)
    return entry


def mark_duplicate(report: Report, original: Report, *, actor, notify=False) -> ReportLog:
    if original.pk == report.pk:
        raise ValueError("a report cannot duplicate itself")
    if not policy.can_view_report(actor, original):
        raise PermissionDenied
    return change_status(
        report,
        Status.DUPLIKAT,
        actor=actor,
        duplicate_of=original,
        reason=_("Duplicate of %(code)s") % {"code": original.tracking_code},
        notify=notify,
    )


@transaction.atomic
def classify(report: Report, classification: str, *, actor) -> ReportLog:
    _require_triage(actor, report)
    if classification not in Classification.values:
        raise ValueError(f"unknown classification {classification!r}")
    old = report.classification
    report.classification = classification
    if report.organisation_id is None and actor.organisation_id is not None:
        # Whoever classifies an unowned report takes ownership (rahasia needs an owner).
        report.organisation = actor.organisation
    report.save(update_fields=["classification", "organisation", "updated_at"])
    return ReportLog.objects.create(
        report=report,
        kind=ReportLog.Kind.CLASSIFY,
        actor=actor,
        detail={"from": old, "to": classification},
    )


def add_note(report: Report, text: str, *, actor) -> ReportLog:
    _require_triage(actor, report)
    return ReportLog.objects.create(
        report=report, kind=ReportLog.Kind.NOTE, actor=actor, text=text.strip()
    )


# Reports follow the events coded from them ------------------------------------------------


def _status_from_events(verifications: list[str]) -> str | None:
    if "terverifikasi" in verifications:
        return Status.TERVERIFIKASI
    if any(v not in ("ditolak", "duplikat") for v in verifications):
        return Status.DIPROSES
    if verifications and all(v == "ditolak" for v in verifications):
        return Status.DITOLAK
    return None


@transaction.atomic
def follow_events(report_ids, *, actor=None, event_id: int | None = None) -> int:
    """Move each report's status with the events it belongs to (``Report.events``): an event
    verified -> verified; an event being coded or checked -> in progress; every event rejected
    -> rejected. A report that left its last event goes back to in progress if its status
    had followed an event. Duplicates stay duplicates. Returns how many reports moved."""
    moved = 0
    reports = Report.objects.filter(pk__in=list(report_ids)).exclude(status=Status.DUPLIKAT)
    for report in reports.select_for_update():
        verifications = list(report.events.values_list("verification", flat=True))
        target = _status_from_events(verifications)
        if target is None:
            last = report.log.filter(kind=ReportLog.Kind.STATUS).last()
            followed = last is not None and last.detail.get("follows") == "event"
            target = Status.DIPROSES if followed and report.status != Status.BARU else None
        if target is None or target == report.status:
            continue
        reason = ""
        if target == Status.DITOLAK:
            with translation.override(settings.LANGUAGE_CODE):
                reason = str(_("The event coded from this report was rejected."))
        old = report.status
        report.status, report.status_reason = target, reason
        report.save(update_fields=["status", "status_reason", "updated_at"])
        ReportLog.objects.create(
            report=report,
            kind=ReportLog.Kind.STATUS,
            actor=actor,
            text=reason,
            detail={"from": old, "to": target, "follows": "event", "event": event_id},
        )
        moved += 1
    return moved


def picker_results(user, query: str, limit: int = 12) -> list[dict]:
    """Reports for the picker (marking a duplicate): a tracking code, or words of the text."""
    query = query.strip()[:100]
    if len(query) < 2:
        return []
    reports = Report.objects.filter(policy.visible_filter(user)).select_related("area")
    code = query.upper().replace(" ", "")
    found = reports.filter(tracking_code__startswith=code)
    if not found.exists():
        for word in query.split()[:5]:
            reports = reports.filter(Q(text__icontains=word) | Q(title__icontains=word))
        found = reports
    return [
        {
            "value": r.tracking_code,
            "label": f"{r.tracking_code} · {timezone.localtime(r.received_at):%d-%m-%Y}"
            f" · {r.area.name if r.area else '—'}: {(r.title or r.text)[:70]}",
        }
        for r in found.order_by("-received_at")[:limit]
    ]


def status_explanation(report: Report) -> str:
    """What the status means for the reporter, in the active language."""
    followed = report.log.filter(kind=ReportLog.Kind.STATUS, detail__follows="event").exists()
    if report.status == Status.BARU:
        return _("Received; not yet reviewed.")
    if report.status == Status.DIPROSES:
        if followed:
            return _("Being checked: an event has been recorded from your report.")
        return _("Being checked by the analysts.")
    if report.status == Status.TERVERIFIKASI:
        if followed:
            return _("Checked: the event you reported has been verified.")
        return _("Checked and confirmed.")
    if report.status == Status.DUPLIKAT:
        return _("Another report already told of the same event.")
    return _("Not taken further.")


def status_message(report: Report, language: str | None = None) -> str:
    """The answer a reporter gets about a report: its status and what it means, in
    ``language``, else the reporter's (``Report.language``), else the deployment's."""
    with translation.override(language or report.language or settings.LANGUAGE_CODE):
        message = _("Waspada: report %(code)s is now: %(status)s.") % {
            "code": report.tracking_code,
            "status": report.get_status_display(),
        }
        message += " " + status_explanation(report)
        if report.status == Status.DITOLAK and report.status_reason:
            message += " " + report.status_reason
        return message


def receipt_message(report: Report) -> str:
    with translation.override(report.language or settings.LANGUAGE_CODE):
        return _("Waspada: your report was received. Tracking code: %(code)s. Thank you.") % {
            "code": report.tracking_code
        }


def last_heard_from(report: Report):
    """When the reporter last wrote in on this report's channel: any of their reports (linked
    by the sender key) or follow-up messages. Messaging apps' reply windows run from it."""
    reports = Report.objects.filter(pk=report.pk)
    if report.sender_key:
        reports = Report.objects.filter(channel=report.channel, sender_key=report.sender_key)
    times = [
        reports.aggregate(last=Max("received_at"))["last"],
        ReportLog.objects.filter(report__in=reports, kind=ReportLog.Kind.FOLLOWUP).aggregate(
            last=Max("at")
        )["last"],
    ]
    return max(t for t in times if t is not None)


def notify_reporter(report: Report) -> bool:
    """Send the current status to the reporter on their channel (after commit, by the worker)."""
    if not report.reply_to:
        return False
    from .tasks import answer_reporter

    enqueue_on_commit(answer_reporter, report.pk, status_message(report))
    return True
