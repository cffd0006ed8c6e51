"""Bulletins: suggest levels from open alerts anyone may read, submit, approve, publish."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.accounts import audit
from waspada.accounts.models import AuditLog, Classification
from waspada.alerts.levels import rank
from waspada.alerts.models import Alert
from waspada.areas.models import Area

from . import safety
from .models import Bulletin, BulletinEntry


class NotAllowed(Exception):
    pass


def suggested_levels() -> dict[str, str]:
    """kecamatan code → the higher of its level on the risk map (the same source as the map:
    ``risk.queries.headline_levels``, kept current by the nowcast) and of its open ``biasa``
    alerts. Classified alerts never inform the public bulletin, not even as a level."""
    from waspada.risk.queries import headline_levels

    kecamatan_codes = list(Area.objects.kecamatan_of_regency().values_list("code", flat=True))
    levels: dict[str, str] = {
        code: level for code, level in headline_levels(kecamatan_codes).items() if level != "normal"
    }
    for area_code, kecamatan_code, level in Alert.objects.filter(
        status__in=Alert.OPEN,
        classification=Classification.BIASA,
        area__isnull=False,
    ).values_list("area_id", "kecamatan_code", "level"):
        code = kecamatan_code or area_code
        if rank(level) > rank(levels.get(code, "normal")):
            levels[code] = level
    kecamatan = set(Area.objects.kecamatan_of_regency().values_list("code", flat=True))
    return {code: level for code, level in levels.items() if code in kecamatan}


@transaction.atomic
def draft_from_alerts(user, title: str, summary: str) -> Bulletin:
    bulletin = Bulletin.objects.create(title=title, summary=summary, created_by=user)
    for code, level in sorted(suggested_levels().items()):
        BulletinEntry.objects.create(bulletin=bulletin, area_id=code, level=level)
    return bulletin


def full_text(title: str, summary: str, entries: list[tuple[str, str, str]]) -> str:
    """The bulletin as the public reads it: title, summary, one line per kecamatan."""
    lines = [title, "", summary, ""]
    for area_name, level, advice in entries:
        lines.append(f"{area_name}: {level.upper()}" + (f" — {advice}" if advice else ""))
    return "\n".join(lines).strip()


def text_of(bulletin: Bulletin) -> str:
    return full_text(
        bulletin.title,
        bulletin.summary,
        [(e.area.name, e.level, e.advice) for e in bulletin.entries.select_related("area")],
    )


def last_approved(exclude: Bulletin | None = None) -> Bulletin | None:
    found = Bulletin.objects.exclude(published_text="").order_by("-published_at")
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.first()


def diff_lines(bulletin: Bulletin) -> list[tuple[str, str]]:
    """The difference from the last approved bulletin, line by line: (``+``/``-``/`` ``,
    line)."""
    import difflib

    before = last_approved(exclude=bulletin)
    old = before.published_text.splitlines() if before is not None else []
    return [
        (line[0], line[2:])
        for line in difflib.ndiff(old, text_of(bulletin).splitlines())
        if line[:1] in "+- "
    ]


def problems(
    bulletin: Bulletin, user, *, request=None, title=None, summary=None, entries=None, level=None
) -> list[str]:
    """Everything that keeps the bulletin (or the texts given for it) from the public."""
    title = bulletin.title if title is None else title
    summary = bulletin.summary if summary is None else summary
    if entries is None:
        entries = [(e.area, e.level, e.advice) for e in bulletin.entries.select_related("area")]
    parts = {_("Title"): title, "": summary}
    for area, _level, advice in entries:
        if advice:
            parts[area.name] = advice
    found = safety.check(
        parts, level=level or bulletin.publication_level, actor=user, request=request
    )
    for area, _level, _advice in entries:
        if area.level != "kecamatan":
            found.append(_("%(area)s is not a kecamatan.") % {"area": area.name})
    return list(dict.fromkeys(found))


@transaction.atomic
def save_edit(bulletin: Bulletin, form, entries, user, request=None) -> list[str]:
    """Save an edit, unless the bulletin awaits approval and the new text is not safe: then
    nothing is saved and the text awaiting approval stays as it was."""
    if bulletin.status == Bulletin.Status.SUBMITTED:
        new_entries = [
            (f.cleaned_data["area"], f.cleaned_data["level"], f.cleaned_data.get("advice", ""))
            for f in entries.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("area")
        ]
        found = problems(
            bulletin,
            user,
            request=request,
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            entries=new_entries,
            level=form.cleaned_data.get("publication_level"),
        )
        if found:
            transaction.set_rollback(True)
            return found
    form.save()
    entries.save()
    return []


def submit(bulletin: Bulletin, user, request=None) -> list[str]:
    found = problems(bulletin, user, request=request)
    if not found:
        bulletin.status = Bulletin.Status.SUBMITTED
        bulletin.save(update_fields=["status", "updated_at"])
    return found


@transaction.atomic
def publish(bulletin: Bulletin, user, request=None) -> list[str]:
    """Approve and publish: by someone other than the author, and only a clean text."""
    if bulletin.created_by_id == user.pk:
        raise NotAllowed("the author cannot approve their own bulletin")
    if bulletin.status != Bulletin.Status.SUBMITTED:
        raise NotAllowed("only a submitted bulletin can be published")
    found = problems(bulletin, user, request=request)
    if found:
        return found
    bulletin.published_text = text_of(bulletin)
    bulletin.status = Bulletin.Status.PUBLISHED
    bulletin.approved_by = user
    bulletin.published_at = timezone.now()
    bulletin.save()
    audit.record(
        AuditLog.Action.UPDATE,
        request=request,
        actor=user,
        obj=bulletin,
        field="status",
        status="published",
    )
    return []


def withdraw(bulletin: Bulletin, user, request=None) -> None:
    bulletin.status = Bulletin.Status.WITHDRAWN
    bulletin.save(update_fields=["status", "updated_at"])
    audit.record(
        AuditLog.Action.UPDATE,
        request=request,
        actor=user,
        obj=bulletin,
        field="status",
        status="withdrawn",
    )


def published():
    return Bulletin.objects.filter(status=Bulletin.Status.PUBLISHED).prefetch_related(
        "entries__area"
    )
