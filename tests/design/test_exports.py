"""Exports: the ELM JSON-LD passes the EDC SHACL shapes; the OB 3.0 Achievement passes the 1EdTech JSON schema."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from wisam.design.exports import ELM_CONTEXT, VC1_CONTEXT, elm_specification, ob3_achievement

DATA = Path(__file__).parent / "data"
VC_DIR = Path(__import__("wisam.vc", fromlist=["x"]).__file__).parent
OB_SCHEMA = VC_DIR / "schemas" / "achievementcredential.schema.json"


@cache
def _shapes() -> Any:
    from rdflib import Graph

    return Graph().parse(DATA / "EDC-generic-no-cv.ttl", format="turtle")


def _to_graph(document: dict[str, Any]) -> Any:
    from pyld import jsonld
    from rdflib import Graph

    contexts = {
        ELM_CONTEXT: json.loads((DATA / "edc-ap-context.jsonld").read_text()),
        VC1_CONTEXT: json.loads((VC_DIR / "contexts" / "credentials-v1.jsonld").read_text()),
    }

    def loader(url: str, options: Any = None) -> dict[str, Any]:
        return {"contextUrl": None, "documentUrl": url, "document": contexts[url]}

    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader})
    return Graph().parse(data=nquads, format="nquads")


def test_elm_export_conforms_to_the_edc_shapes(make_spec: Any) -> None:
    from pyshacl import validate

    # given a complete specification
    document = elm_specification(make_spec())
    # then the Annex I elements are mapped
    assert document["type"] == "Qualification"
    assert document["eqfLevel"]["id"] == "http://data.europa.eu/snb/eqf/6"
    assert document["creditPoint"][0]["point"] == "3"
    assert document["volumeOfLearning"] == "PT80H"
    assert document["learningOutcome"][0]["relatedESCOSkill"][0]["id"].startswith("http://data.europa.eu/esco/skill/")
    assert document["title"] == {"ar": "تحليل البيانات باستخدام بايثون", "en": "Data analysis with Python"}
    assert document["isPartialQualification"] is True
    country = document["awardingOpportunity"][0]["awardingBody"][0]["location"][0]["address"][0]["countryCode"]
    assert country["id"].endswith("/PSE")
    # and the document passes the shapes
    graph = _to_graph(document)
    assert len(graph) > 50
    conforms, _report, text = validate(graph, shacl_graph=_shapes(), inference="none", allow_warnings=True)
    assert conforms, text
    # the shapes do bite: a qualification without a title is refused
    del document["title"]
    conforms, _report, _text = validate(_to_graph(document), shacl_graph=_shapes(), allow_warnings=True)
    assert not conforms


def test_elm_export_of_a_sparse_draft_still_conforms(home: Any, designer: Any) -> None:
    from pyshacl import validate

    from wisam.design.services import micro_credential_create

    version = micro_credential_create(organisation=home, code="SPARSE", title={"ar": "مسودة"}, actor=designer)
    conforms, _report, text = validate(
        _to_graph(elm_specification(version)), shacl_graph=_shapes(), allow_warnings=True
    )
    assert conforms, text


@pytest.fixture(scope="module")
def achievement_schema() -> dict[str, Any]:
    schema = json.loads(OB_SCHEMA.read_text())
    return {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/Achievement"}


def test_ob3_achievement_validates(make_spec: Any, achievement_schema: dict[str, Any]) -> None:
    achievement = ob3_achievement(make_spec())
    jsonschema.validate(achievement, achievement_schema)
    assert achievement["achievementType"] == "MicroCredential"
    assert achievement["creditsAvailable"] == 3.0
    targets = {a["targetUrl"] for a in achievement["alignment"]}
    assert "http://data.europa.eu/snb/eqf/6" in targets
    assert any(t.startswith("http://data.europa.eu/esco/skill/") for t in targets)
    assert achievement["resultDescription"][0]["resultType"] == "Percent"
    assert "Analyse sales data" in achievement["criteria"]["narrative"]
