"""JSON API of the credentials app (mounted at /api/credentials/): verification and status for machines.

The VC-API endpoints themselves (`POST /credentials/issue`, `POST /credentials/verify`) are plain views in urls.py,
at the paths the W3C test suites expect.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from wisam.credentials.verification import credential_verify

router = Router(tags=["credentials"])


class VerifyIn(Schema):
    verifiableCredential: dict[str, Any]


@router.post("/verify", auth=None)
def verify(request: HttpRequest, payload: VerifyIn) -> dict[str, Any]:
    """Verify a credential; the answer lists each check with a message in Arabic and English."""
    import json

    report = credential_verify(json.dumps(payload.verifiableCredential).encode())
    return report.as_json(getattr(request, "LANGUAGE_CODE", "ar"))
