"""An independent verifier (digitalbazaar's JavaScript stack, tests/vc/js) accepts what Wisam issues under its
did:web, rejects a tampered copy and sees a revocation in Wisam's status list."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.credentials.conftest import World, learner
from wisam.credentials.keys import did_document
from wisam.credentials.models import StatusList
from wisam.credentials.services import credential_issue, credential_revoke

JS = Path(__file__).resolve().parents[1] / "vc" / "js"
pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (JS / "node_modules").is_dir(),
    reason="node or tests/vc/js/node_modules missing",
)


@pytest.mark.django_db
def test_digitalbazaar_verifies_wisam_credentials(world: World, tmp_path: Path) -> None:
    active = credential_issue(organisation=world.home, version=world.version, learner=learner(1), actor=None).credential
    revoked = credential_issue(
        organisation=world.home, version=world.version, learner=learner(2), actor=None
    ).credential
    credential_revoke(credential=revoked, actor=world.registrar, reason="test")
    controller = did_document(world.home)
    lists = {
        json.loads(row.signed_credential)["id"]: json.loads(row.signed_credential)
        for row in StatusList.objects.filter(organisation=world.home, purpose="revocation")
    }
    job: dict[str, Any] = {"verify": {}}
    for name, credential in (("active", active), ("revoked", revoked)):
        document = json.loads(credential.document)
        job["verify"][name] = {"credential": document, "controllers": [controller], "statusLists": lists}
    tampered = json.loads(active.document)
    tampered["credentialSubject"]["achievement"]["name"] = "Something else"
    job["verify"]["tampered"] = {"credential": tampered, "controllers": [controller], "statusLists": lists}
    path = tmp_path / "job.json"
    path.write_text(json.dumps(job), encoding="utf-8")
    node = shutil.which("node")
    assert node is not None
    done = subprocess.run(
        [node, str(JS / "crosscheck.mjs"), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    results = json.loads(done.stdout)["verify"]
    assert results["active"]["verified"] is True, results["active"]
    assert results["tampered"]["verified"] is False
    assert results["revoked"]["verified"] is False
    assert any("revocation" in error for error in results["revoked"]["errors"])
