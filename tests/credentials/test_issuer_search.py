"""The registrar's list of issued credentials: search by learner or identifier, by state and micro-credential, a page
of 50 at a time, bad filters named; never another institution's credentials."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.credentials.conftest import learner
from wisam.credentials.models import IssuedCredential
from wisam.credentials.services import credential_issue, credential_revoke
from wisam.institutions.roles import Role


def _issue(home: Any, version: Any, registrar: Any, n: int) -> IssuedCredential:
    return credential_issue(organisation=home, version=version, learner=learner(n), actor=registrar).credential


def test_registrar_searches_filters_and_pages_issued_credentials(
    client: Client, make_organisation: Any, make_person: Any, make_version: Any
) -> None:
    home = make_organisation("karmil")
    other = make_organisation("zaytoun")
    registrar = make_person("registrar@karmil.test", home, Role.REGISTRAR)
    version = make_version(home)
    credentials = [_issue(home, version, registrar, n) for n in range(1, 56)]
    credential_revoke(credential=credentials[0], actor=registrar, reason="Wrong record.")
    theirs = _issue(other, make_version(other), make_person("registrar@zaytoun.test", other, Role.REGISTRAR), 99)
    client.force_login(registrar)
    url = reverse("credentials:issuer", args=[home.slug])
    with translation.override("en"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "55 credentials" in page
    assert "Page 1 of 2" in page
    assert page.count('href="/credentials/c/') == 50
    assert str(theirs.pk) not in page
    second = client.get(url, {"page": "2"}).content.decode()
    assert second.count('href="/credentials/c/') == 5
    # By part of the e-mail, by the identifier (with or without urn:uuid:), by state.
    target = credentials[6]
    by_email = client.get(url, {"q": target.learner_email.split("@")[0].upper()}).content.decode()
    assert str(target.pk) in by_email
    by_name = client.get(url, {"q": "متعلم 7"}).content.decode()  # the Arabic name (stored as JSON)
    assert by_name.count('href="/credentials/c/') == 1
    assert str(target.pk) in by_name
    for query in (str(target.pk), f"urn:uuid:{target.pk}"):
        found = client.get(url, {"q": query}).content.decode()
        assert str(target.pk) in found
        assert found.count('href="/credentials/c/') == 1
    revoked = client.get(url, {"state": "revoked"}).content.decode()
    assert revoked.count('href="/credentials/c/') == 1
    assert str(credentials[0].pk) in revoked
    # Another institution's credential is not found by its identifier.
    assert 'href="/credentials/c/' not in client.get(url, {"q": str(theirs.pk)}).content.decode()
    # A state that does not exist is named, in the page's language; the list is not filtered by it.
    with translation.override("ar"):
        bad = client.get(url, {"state": "lost"}, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "اختر حالة من القائمة." in bad
