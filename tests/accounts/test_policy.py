"""The access policy on records: classification × organisation × area scope × role."""

from types import SimpleNamespace

import pytest

from waspada.accounts.models import Role
from waspada.accounts.policy import (
    can_change,
    can_read_identity,
    can_view,
    has_capability,
    in_area_scope,
)

pytestmark = pytest.mark.django_db
TENGGARONG, LOA_KULU = "64.02.06", "64.02.02"


def record(classification, org=None, kecamatan=TENGGARONG, created_by=None):
    return SimpleNamespace(
        classification=classification,
        organisation_id=org and org.pk,
        kecamatan_code=kecamatan,
        created_by_id=created_by and created_by.pk,
    )


def test_a_partner_never_sees_terbatas_or_rahasia(personas, orgs):
    partner = personas["partner"]
    assert can_view(partner, record("biasa"))
    for org in orgs.values():
        assert not can_view(partner, record("terbatas", org))
        assert not can_view(partner, record("rahasia", org))
    # not even rahasia records owned by the partner's own organisation
    assert not can_view(partner, record("rahasia", partner.organisation))


def test_terbatas_is_for_government_and_security_organisations(personas, orgs):
    r = record("terbatas", orgs["kesbangpol"])
    assert can_view(personas["analyst"], r)  # Kesbangpol (pemerintah)
    assert can_view(personas["leader"], r)  # Kodim (tni)
    assert can_view(personas["reporter"], r)  # Koramil (tni), Tenggarong in scope
    assert not can_view(personas["partner"], r)  # FKUB (forum)


def test_rahasia_is_for_the_owning_organisations_analysts_and_leadership(personas, orgs):
    owned_by_kesbangpol = record("rahasia", orgs["kesbangpol"])
    assert can_view(personas["analyst"], owned_by_kesbangpol)
    assert not can_view(personas["admin"], owned_by_kesbangpol)  # admin role: not analytic
    assert not can_view(personas["leader"], owned_by_kesbangpol)  # Kodim: another org
    assert not can_view(personas["outsider_analyst"], owned_by_kesbangpol)
    assert can_view(personas["leader"], record("rahasia", orgs["kodim"]))


def test_a_field_reporter_sees_only_their_kecamatan(personas):
    reporter = personas["reporter"]
    assert can_view(reporter, record("biasa", kecamatan=TENGGARONG))
    assert not can_view(reporter, record("biasa", kecamatan=LOA_KULU))
    assert not can_view(reporter, record("biasa", kecamatan=None))  # regency-wide
    assert in_area_scope(personas["analyst"], None)


def test_change_needs_an_analytic_role_or_authorship(personas):
    reporter = personas["reporter"]
    assert can_change(personas["analyst"], record("biasa"))
    assert not can_change(reporter, record("biasa"))
    assert can_change(reporter, record("biasa", created_by=reporter))
    assert not can_change(personas["outsider_analyst"], record("biasa"))  # out of scope


def test_inactive_and_anonymous_users_see_nothing(personas):
    from django.contrib.auth.models import AnonymousUser

    assert not can_view(AnonymousUser(), record("biasa"))
    analyst = personas["analyst"]
    analyst.is_active = False
    assert not can_view(analyst, record("biasa"))
    assert not has_capability(analyst, "dashboard.view")


def test_capabilities_follow_roles(personas):
    assert has_capability(personas["admin"], "audit.view")
    assert not has_capability(personas["analyst"], "audit.view")
    assert has_capability(personas["analyst"], "records.triage")
    assert not has_capability(personas["partner"], "records.triage")
    with pytest.raises(KeyError):
        has_capability(personas["admin"], "no.such.capability")


def test_reading_identities_needs_the_explicit_permission(personas):
    from django.contrib.auth.models import Permission

    admin = personas["admin"]
    assert admin.role == Role.ADMIN and not can_read_identity(admin)
    analyst = personas["analyst"]
    analyst.user_permissions.add(Permission.objects.get(codename="read_reporter_identity"))
    analyst = type(analyst).objects.get(pk=analyst.pk)  # fresh permission cache
    assert can_read_identity(analyst)
