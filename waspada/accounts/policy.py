"""The one access policy: may this user see or change this record, or use this feature.

Every view and API endpoint asks here. Records that carry access facts implement
``GovernedRecord`` (see ``waspada.accounts.governed``): a classification, an owning
organisation, a kecamatan (or none for regency-wide records) and a creator.
"""

from django.db.models import Q

from .models import GOVERNMENT_AND_SECURITY, Classification, Role

# Features by role. A view names the capability it needs; nothing else decides.
CAPABILITIES: dict[str, frozenset[str]] = {
    "dashboard.view": frozenset(Role.values),
    # The leadership summary (waspada.dashboard.leadership): what changed, for decisions.
    "leadership.view": frozenset({Role.ADMIN, Role.ANALYST, Role.LEADERSHIP}),
    "areas.view": frozenset(Role.values),
    "audit.view": frozenset({Role.ADMIN}),
    "ops.view": frozenset({Role.ADMIN}),
    "records.triage": frozenset({Role.ADMIN, Role.ANALYST}),
    "events.view": frozenset(Role.values),
    "events.edit": frozenset({Role.ADMIN, Role.ANALYST}),
    "events.import": frozenset({Role.ADMIN, Role.ANALYST}),
    "events.export": frozenset({Role.ADMIN, Role.ANALYST, Role.LEADERSHIP}),
    "reports.create": frozenset(Role.values),
    "reports.view_own": frozenset(Role.values),
    "media.view": frozenset(Role.values),
    "media.manage": frozenset({Role.ADMIN, Role.ANALYST}),
    # Response cases and Tim Terpadu meetings (waspada.cases).
    "cases.view": frozenset(Role.values),
    "cases.manage": frozenset({Role.ADMIN, Role.ANALYST}),
    "meetings.view": frozenset({Role.ADMIN, Role.ANALYST, Role.LEADERSHIP}),
    "meetings.manage": frozenset({Role.ADMIN, Role.ANALYST}),
    # Community groups and engagement (waspada.community).
    "community.view": frozenset(Role.values),
    "community.manage": frozenset({Role.ADMIN, Role.ANALYST}),
    "community.contacts": frozenset({Role.ADMIN, Role.ANALYST}),
    "engagement.record": frozenset({Role.ADMIN, Role.ANALYST, Role.FIELD_REPORTER, Role.PARTNER}),
    "engagement.gap": frozenset({Role.ADMIN, Role.ANALYST, Role.LEADERSHIP}),
    # Alerts and bulletins (waspada.alerts, waspada.bulletins).
    "alerts.view": frozenset(Role.values),
    "alerts.subscribe": frozenset(Role.values),
    "alerts.manage": frozenset({Role.ADMIN, Role.ANALYST}),
    "bulletins.write": frozenset({Role.ADMIN, Role.ANALYST}),
    "bulletins.approve": frozenset({Role.ADMIN, Role.LEADERSHIP}),
    "bulletins.review": frozenset({Role.ADMIN, Role.ANALYST, Role.LEADERSHIP}),
    "bulletins.sitrep": frozenset({Role.ADMIN, Role.ANALYST, Role.LEADERSHIP}),
    "risk.view": frozenset(Role.values),
    "risk.profiles.edit": frozenset({Role.ADMIN, Role.ANALYST}),
}


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def has_capability(user, capability: str) -> bool:
    if not _active(user):
        return False
    if capability not in CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}")
    return user.is_superuser or user.role in CAPABILITIES[capability]


def in_area_scope(user, kecamatan_code: str | None) -> bool:
    """Whether an area (given by its kecamatan code; None = regency-wide) is in scope."""
    if not _active(user):
        return False
    scope = user.scope_codes()
    if scope is None:
        return True
    return kecamatan_code is not None and kecamatan_code in scope


def may_read_classification(user, classification: str, owner_org_id: int | None) -> bool:
    if not _active(user):
        return False
    if classification == Classification.BIASA:
        return True
    if user.role == Role.PARTNER or user.organisation is None:
        return False
    if classification == Classification.TERBATAS:
        return user.organisation.type in GOVERNMENT_AND_SECURITY
    if classification == Classification.RAHASIA:
        return (
            user.role in (Role.ANALYST, Role.LEADERSHIP)
            and owner_org_id is not None
            and owner_org_id == user.organisation_id
        )
    return False


def can_view(user, record) -> bool:
    """May ``user`` see ``record`` (a GovernedRecord)?"""
    return may_read_classification(
        user, record.classification, record.organisation_id
    ) and in_area_scope(user, record.kecamatan_code)


def can_change(user, record) -> bool:
    if not can_view(user, record):
        return False
    if user.role in (Role.ADMIN, Role.ANALYST):
        return True
    return record.created_by_id == user.pk


def visible_filter(user, *, prefix: str = "") -> Q:
    """A Q that selects the records ``user`` may see (mirrors ``can_view``)."""
    p = prefix
    if not _active(user):
        return Q(pk__in=[])
    allowed = Q(**{f"{p}classification": Classification.BIASA})
    org = user.organisation
    if user.role != Role.PARTNER and org is not None:
        if org.type in GOVERNMENT_AND_SECURITY:
            allowed |= Q(**{f"{p}classification": Classification.TERBATAS})
        if user.role in (Role.ANALYST, Role.LEADERSHIP):
            allowed |= Q(
                **{f"{p}classification": Classification.RAHASIA, f"{p}organisation_id": org.pk}
            )
    scope = user.scope_codes()
    if scope is not None:
        allowed &= Q(**{f"{p}kecamatan_code__in": sorted(scope)})
    return allowed


def can_read_identity(user) -> bool:
    """May ``user`` read reporters' encrypted identities (each read is audited)?"""
    return _active(user) and user.has_perm("accounts.read_reporter_identity")


# Reports (waspada.intake) ------------------------------------------------------------------


def can_view_report(user, report) -> bool:
    """Readers of the classification and area, and always the report's own author."""
    if not _active(user):
        return False
    return can_view(user, report) or (
        report.created_by_id is not None and report.created_by_id == user.pk
    )


def can_triage_report(user, report) -> bool:
    return has_capability(user, "records.triage") and can_view(user, report)


def can_download_original(user, report) -> bool:
    """Attachments with their metadata (GPS positions): analysts only; others get them stripped."""
    return can_triage_report(user, report)
