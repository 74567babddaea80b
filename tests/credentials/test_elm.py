"""The Europass ELM v3 export of an issued credential passes the EDC generic (no controlled vocabularies) shapes."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.credentials.conftest import World, learner
from wisam.credentials.elm import european_digital_credential
from wisam.credentials.services import credential_issue
from wisam.design.exports import ELM_CONTEXT, VC1_CONTEXT

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = [
    ROOT.parent / "shared" / "reference" / "elm",
    Path("/work/shared/reference/elm"),
    ROOT / "tests" / "design" / "data",
]
ELM_DIR = next((p for p in CANDIDATES if (p / "EDC-generic-no-cv.ttl").is_file()), None)
VC_DIR = Path(str(__import__("wisam.vc", fromlist=["x"]).__file__)).parent


@cache
def _shapes() -> Any:
    from rdflib import Graph

    assert ELM_DIR is not None
    return Graph().parse(ELM_DIR / "EDC-generic-no-cv.ttl", format="turtle")


def _graph(document: dict[str, Any]) -> Any:
    from pyld import jsonld
    from rdflib import Graph

    assert ELM_DIR is not None
    contexts = {
        ELM_CONTEXT: json.loads((ELM_DIR / "edc-ap-context.jsonld").read_text()),
        VC1_CONTEXT: json.loads((VC_DIR / "contexts" / "credentials-v1.jsonld").read_text()),
    }

    def loader(url: str, options: Any = None) -> dict[str, Any]:
        return {"contextUrl": None, "documentUrl": url, "document": contexts[url]}

    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader})
    return Graph().parse(data=nquads, format="nquads")


@pytest.mark.skipif(ELM_DIR is None, reason="the EDC shapes (shared/reference/elm) are not on this machine")
@pytest.mark.django_db
def test_elm_export_conforms_to_the_edc_shapes(world: World) -> None:
    from pyshacl import validate

    world.version.validity_months = 24
    world.version.save(update_fields=["validity_months"])
    credential = credential_issue(
        organisation=world.home, version=world.version, learner=learner(grade="90"), actor=None
    ).credential
    document = european_digital_credential(credential)
    assert document["type"] == ["VerifiableCredential", "EuropeanDigitalCredential"]
    claim = document["credentialSubject"]["hasClaim"][0]
    assert claim["specifiedBy"]["creditPoint"][0]["point"] == "3"
    assert claim["specifiedBy"]["volumeOfLearning"] == "PT80H"
    graph = _graph(document)
    conforms, _report, text = validate(graph, shacl_graph=_shapes(), inference="none", allow_warnings=True)
    assert conforms, text
    del document["credentialSubject"]["hasClaim"][0]["awardedBy"]
    conforms, _report, _text = validate(_graph(document), shacl_graph=_shapes(), allow_warnings=True)
    assert not conforms
