"""The shipped vocabularies: what AQAC and the design app rely on being there, counted."""

from __future__ import annotations

import re
from typing import Any

import pytest

from wisam.frameworks.models import (
    CreditConversion,
    CreditSystem,
    EscoSkill,
    FrameworkLevel,
    IscedField,
    Language,
    LevelMapping,
    QualificationFramework,
    ReuseLevel,
    SkillType,
    VocabularyConcept,
)
from wisam.frameworks.selectors import default_framework, isced_tree, vocabulary_concepts

pytestmark = pytest.mark.django_db

ESCO_URI = re.compile(
    r"^http://data\.europa\.eu/esco/skill/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)


def test_eqf_has_eight_levels_with_descriptors_in_arabic_and_english(frameworks: Any) -> None:
    levels = FrameworkLevel.objects.filter(framework__code="EQF").order_by("ordinal")
    assert [level.number for level in levels] == [1, 2, 3, 4, 5, 6, 7, 8]
    for level in levels:
        assert level.uri == f"http://data.europa.eu/snb/eqf/{level.ordinal}"
        for descriptor in (level.knowledge, level.skills, level.competence, level.name):
            assert descriptor["en"].strip()
            assert descriptor["ar"].strip()
    assert levels[5].knowledge["en"].startswith("advanced knowledge of a field of work or study")


def test_the_national_default_is_the_palestinian_nqf_with_descriptors(frameworks: Any) -> None:
    framework = default_framework()
    assert framework is not None
    assert framework.code == "PS-NQF"
    assert QualificationFramework.objects.filter(is_default=True).count() == 1
    levels = list(framework.levels.order_by("ordinal"))
    assert len(levels) == 5
    assert all(level.knowledge["ar"] and level.skills["en"] and level.competence["ar"] for level in levels)
    # The alternative schemes of ADR 0003 are shipped too, not as the default.
    assert set(QualificationFramework.objects.values_list("code", flat=True)) >= {"EQF", "PS-NQF", "PS-NQF-8", "AQF"}
    assert LevelMapping.objects.filter(source__framework=framework, target__framework__code="EQF").count() == 5


def test_isced_f_has_every_broad_narrow_and_detailed_field(frameworks: Any) -> None:
    assert IscedField.objects.filter(level="broad").count() == 11
    assert IscedField.objects.filter(level="narrow").count() >= 29
    assert IscedField.objects.filter(level="detailed").count() >= 80
    assert all(field.name.get("ar") and field.name.get("en") for field in IscedField.objects.all())
    tree = isced_tree()
    assert len(tree) == 11
    ict = next(node for node in tree if node.code == "06")
    assert [child.code for child in ict.children] == ["061", "068"]
    assert [leaf.code for leaf in ict.children[0].children] == ["0611", "0612", "0613"]
    assert ict.children[0].children[2].uri == "http://data.europa.eu/snb/isced-f/0613"


def test_esco_subset_has_at_least_400_real_looking_skills_with_both_labels(frameworks: Any) -> None:
    skills = list(EscoSkill.objects.all())
    assert len(skills) >= 400
    types, reuse = set(SkillType.values), set(ReuseLevel.values)
    for skill in skills:
        assert ESCO_URI.match(skill.uri), skill.uri
        assert skill.label["en"].strip(), skill.uri
        assert skill.label["ar"].strip(), skill.uri
        assert skill.label_sources["ar"]
        assert skill.label_sources["en"]
        assert skill.skill_type in types
        assert skill.reuse_level in reuse
    collections = {name for skill in skills for name in skill.collections}
    assert {"transversal", "digital"} <= collections
    sectors = {name for skill in skills for name in skill.sectors}
    assert sectors == {"ict", "business", "health", "education", "engineering", "tourism"}


@pytest.mark.parametrize(
    ("vocabulary", "known_uri"),
    [
        ("learning-setting", "http://data.europa.eu/snb/learning-setting/e207a81fc7"),
        ("learning-mode", "http://data.europa.eu/snb/learning-assessment/920fbb3cbe"),
        ("supervision-verification", "http://data.europa.eu/snb/supervision-verification/c598449d64"),
        ("assessment-type", "http://data.europa.eu/snb/assessment/6e6cb2cc78"),
    ],
)
def test_elm_vocabularies_are_loaded_with_concept_uris(frameworks: Any, vocabulary: str, known_uri: str) -> None:
    concepts = list(vocabulary_concepts(vocabulary))
    assert concepts
    assert known_uri in {concept.uri for concept in concepts}
    assert all(concept.label["ar"] and concept.label["en"] for concept in concepts)
    # Concepts without an EU URI are the documented local additions, never silent gaps.
    assert all(
        concept.uri or concept.code in {"informal", "supervised-without-id", "supervised-with-id"}
        for concept in concepts
    )


def test_languages_and_credit_systems(frameworks: Any) -> None:
    arabic = Language.objects.get(code="ar")
    assert arabic.uri == "http://publications.europa.eu/resource/authority/language/ARA"
    assert arabic.is_rtl
    assert {"en", "fr", "he", "tr", "de", "es"} <= set(Language.objects.values_list("code", flat=True))
    assert set(CreditSystem.objects.values_list("code", flat=True)) == {"ECTS", "PS-CH"}
    rule = CreditConversion.objects.get(from_system__code="PS-CH", to_system__code="ECTS")
    assert rule.basis["en"]
    assert rule.basis["ar"]
    assert VocabularyConcept.objects.filter(uri_verified=False).exclude(uri="").exists()
