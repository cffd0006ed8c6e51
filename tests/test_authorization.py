"""Walk every URL pattern for every role; fail when a URL has no rule."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_matrix import EXEMPT, LOGIN, PERSONAS, RULES, SCOPE_CASES
from tests.conftest import verified_client


def _names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def _exempt(name):
    return name in EXEMPT or any(k.endswith(":") and name.startswith(k) for k in EXEMPT)


def test_every_url_pattern_has_an_access_rule():
    missing = sorted(n for n in set(_names()) if n not in RULES and not _exempt(n))
    assert not missing, f"URL patterns without a rule in tests/access_matrix.py: {missing}"


def test_every_rule_names_a_real_url():
    names = set(_names())
    assert not [n for n in RULES if n not in names]


def _client(persona, personas):
    from django.test import Client

    return Client() if persona == "anon" else verified_client(personas[persona])


def _check(response, expected, name, persona):
    if expected == LOGIN:
        assert response.status_code == 302, (name, persona, response.status_code)
        assert response["Location"].startswith(reverse("accounts:login")), (name, persona)
    else:
        assert response.status_code == expected, (name, persona, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RULES))
def test_url_access_per_role(name, personas):
    rule = RULES[name]
    for persona in PERSONAS:
        # Fresh objects for every persona: a POST by one must not change what the next sees.
        kwargs = rule.make(personas) if rule.make else rule.kwargs
        url = reverse(name, kwargs=kwargs) + (f"?{rule.query}" if rule.query else "")
        client = _client(persona, personas)
        response = getattr(client, rule.method)(url)
        _check(response, rule.expect[persona], name, persona)


@pytest.mark.django_db
@pytest.mark.parametrize("case", range(len(SCOPE_CASES)))
def test_area_scope_cases(case, personas):
    name, kwargs, expect = SCOPE_CASES[case]
    url = reverse(name, kwargs=kwargs(personas) if callable(kwargs) else kwargs)
    for persona, expected in expect.items():
        _check(_client(persona, personas).get(url), expected, name, persona)
