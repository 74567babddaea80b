"""The design demo: seven specifications across institutions and fields; six without blocking findings, one full."""

from __future__ import annotations

from typing import Any

import pytest

from wisam.design import demo as design_demo
from wisam.design.linter import lint_specification
from wisam.design.models import MicroCredential, SpecificationVersion
from wisam.institutions import demo as institutions_demo


@pytest.fixture
def demo(db: Any) -> None:
    # The institutions' demo first (as `wisam demo` runs them), then ours.
    context: dict[str, Any] = {}
    institutions_demo.load(context)
    design_demo.load(context)


def test_demo_specifications(demo: None) -> None:
    versions = {v.micro_credential.code: v for v in SpecificationVersion.objects.select_related("micro_credential")}
    assert len(versions) >= 7
    assert len({v.micro_credential.organisation_id for v in versions.values()}) >= 7
    exemplary = lint_specification(versions["DATA-PY-01"])
    assert not exemplary.has_blocking, [f.code for f in exemplary.blocking]
    assert exemplary.readiness >= 95
    for code in ("IPC-CLIN-01", "HERITAGE-GUIDE-01", "FRONT-OFFICE-01", "SOLAR-PV-01", "BOOKKEEPING-01"):
        report = lint_specification(versions[code])
        assert not report.has_blocking, (code, [f.code for f in report.blocking])
    messy = lint_specification(versions["SMART-IRRIGATION-01"])
    assert len(messy.blocking) >= 8
    assert {"LO_VERB_VAGUE", "LO_TOO_FEW", "VOLUME_HOURS_ECTS_MISMATCH", "STACK_TARGET_MISSING"} <= messy.codes()
    for version in versions.values():
        assert version.title.get("ar")


def test_demo_is_idempotent(demo: None) -> None:
    before = MicroCredential.objects.count(), SpecificationVersion.objects.count()
    design_demo.load({})
    assert (MicroCredential.objects.count(), SpecificationVersion.objects.count()) == before
