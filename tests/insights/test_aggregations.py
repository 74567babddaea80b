"""The dashboards' figures against hand-computed numbers on the small fixture of tests/insights/conftest.py."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import translation
from tests.insights.conftest import World, aware

from wisam.insights import selectors
from wisam.insights.figures import Dashboard, Figure, suppress
from wisam.insights.filters import Filters, Scope


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def values(figure: Figure | None) -> dict[str, list[Any]]:
    assert figure is not None
    return {row.key: row.values for row in figure.rows}


def nation(name: str, **filters: Any) -> Dashboard:
    return selectors.dashboard(name, scope=Scope(national=True), filters=Filters(**filters))


def own(world: World, name: str, **filters: Any) -> Dashboard:
    return selectors.dashboard(name, scope=Scope(national=False, organisation=world.home), filters=Filters(**filters))


def test_supply_by_field_level_credits_mode_language_region(world: World) -> None:
    supply = nation("supply")
    assert values(supply.figure("supply_field")) == {"04": [1], "06": [3]}
    assert values(supply.figure("supply_level")) == {"4": [1], "5": [2], "6": [1]}
    assert values(supply.figure("supply_credits")) == {
        "lt2": [1],
        "2to5": [1],
        "5to10": [1],
        "ge10": [1],
        "unknown": [0],
    }
    assert values(supply.figure("supply_mode")) == {"blended": [1], "online": [2], "onsite": [1]}
    assert values(supply.figure("supply_language")) == {"ar": [3], "en": [2]}
    assert values(supply.figure("supply_region")) == {"gaza": [1], "hebron": [1], "ramallah": [2]}
    assert values(supply.figure("supply_institution")) == {
        "home-university": [2],
        "other-college": [1],
        "peer-one": [1],
    }
    keys = {k.key: k.value for k in supply.key_figures}
    assert keys["accredited"] == 4
    assert keys["institutions"] == 3


def test_supply_pipeline_decisions_and_expiry(world: World) -> None:
    supply = nation("supply")
    assert values(supply.figure("pipeline_stage")) == {"screening": [2], "panel": [1]}
    assert values(supply.figure("pipeline_decisions"))["accredit"] == [1]
    assert sum(v[0] for v in values(supply.figure("expiring")).values()) == 1
    assert set(values(supply.figure("pipeline_time"))) == {"screening", "panel"}


def test_supply_filters_by_field_level_kind_and_institution(world: World) -> None:
    assert values(nation("supply", field="06").figure("supply_level")) == {"4": [1], "5": [2]}
    assert values(nation("supply", level=5).figure("supply_field")) == {"06": [2]}
    assert values(nation("supply", kind="community_college").figure("supply_field")) == {"06": [1]}
    assert values(nation("supply", institution=world.home).figure("supply_field")) == {"04": [1], "06": [1]}
    # Accredited at some time in 2025: the expired entry counts too.
    period = nation("supply", date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    assert values(period.figure("supply_field")) == {"04": [1], "06": [4]}


def test_institution_sees_itself_beside_the_median_of_the_others(world: World) -> None:
    supply = own(world, "supply")
    # Field 06: home 1; the others have 1 (other), 1 (peer one), 0 (peer two) → median 1.
    assert values(supply.figure("supply_field")) == {"04": [1, 0.0], "06": [1, 1.0]}
    assert supply.figure("supply_institution") is None  # no list of institutions beside your own
    accredited = next(k for k in supply.key_figures if k.key == "accredited")
    assert (accredited.value, accredited.national) == (2, 1.0)  # others: 1, 1, 0
    # Pipeline: home has 1 in screening; the others 1, 0, 0 → median 0.
    assert values(supply.figure("pipeline_stage"))["screening"] == [1, 0.0]


def test_reach_over_time_by_institution_and_field(world: World) -> None:
    reach = nation("reach")
    over_time = reach.figure("issued_over_time")
    assert over_time is not None
    assert over_time.chart == "line"
    assert [(r.label, r.values) for r in over_time.rows] == [("2026-01", [3]), ("2026-02", [3]), ("2026-03", [2])]
    assert values(reach.figure("issued_institution")) == {"home-university": [6], "other-college": [2]}
    assert values(reach.figure("issued_field")) == {"06": [8]}
    assert {k.key: k.value for k in reach.key_figures}["issued"] == 8
    march = nation("reach", date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))
    assert {k.key: k.value for k in march.key_figures}["issued"] == 2


def test_learner_demographics_are_suppressed_below_five(world: World) -> None:
    reach = nation("reach")
    gender = reach.figure("issued_gender")
    assert gender is not None
    assert gender.suppression
    # 5 women, 1 man (hidden), 2 without a profile (hidden).
    assert values(gender) == {"female": [5], "male": [None], "undisclosed": [0], "": [None]}
    assert gender.cell(None) == "fewer than 5"
    age = values(reach.figure("issued_age"))
    assert age["25_29"] == [5]  # born 2000, issued 2026
    assert age["40_49"] == [None]  # one person, born 1980
    assert age["unknown"] == [None]
    assert suppress(0) == 0
    assert suppress(4) is None
    assert suppress(5) == 5


def test_institution_reach_never_shows_another_institutions_counts(world: World) -> None:
    reach = own(world, "reach")
    # March: home issued none; the others 2, 0, 0 → median 0 — the rival's 2 never appears.
    assert [row.values for row in reach.figure("issued_over_time").rows] == [[3, 0.0], [3, 0.0], [0, 0.0]]  # type: ignore[union-attr]
    assert reach.figure("issued_institution") is None


def test_quality_linter_reviews_and_maturity(world: World) -> None:
    quality = nation("quality")
    assert values(quality.figure("lint_rule")) == {"ASSESS_NONE": [2, 0, 0], "KPI_NONE": [0, 2, 0]}
    assert values(quality.figure("lint_severity")) == {"blocking": [2], "warning": [2], "info": [0]}
    mine = own(world, "quality")
    # The rule chart of an institution counts only its own findings.
    assert values(mine.figure("lint_rule")) == {"ASSESS_NONE": [2, 0, 0], "KPI_NONE": [0, 1, 0]}
    assert values(mine.figure("lint_severity"))["blocking"] == [2, 0.0]
    assert {k.key: k.value for k in quality.key_figures}["blocking"] == 2


def test_alignment_covered_thin_uncovered_by_sector_and_region(world: World) -> None:
    s1, s2, s3 = (s.uri for s in world.skills)
    alignment = nation("alignment")
    assert values(alignment.figure("alignment_summary")) == {"covered": [1], "thin": [1], "uncovered": [1]}
    assert values(alignment.figure("alignment_sector")) == {"ict": [1, 1, 1], "business": [0, 0, 1]}
    # In Ramallah only home's micro-credentials count: S1 and S2 are each taught once there.
    assert values(alignment.figure("alignment_region")) == {"ramallah": [0, 2, 1], "gaza": [0, 0, 1]}
    skills = values(alignment.figure("alignment_skills"))
    assert skills[s1] == [10, 1, 0, 2]
    assert skills[s2] == [10, 1, 0, 1]
    assert skills[s3] == [15, 2, 0, 0]
    keys = {k.key: k.value for k in alignment.key_figures}
    assert keys == {"demanded": 3, "people": 15, "covered_share": 33, "uncovered": 1}


def test_alignment_counts_endorsements_as_signals(world: World) -> None:
    from wisam.quality.models import Endorsement

    s1 = world.skills[0].uri
    Endorsement.objects.create(
        micro_credential=world.entries["E1"].micro_credential,
        organisation=world.employer,
        endorsed_by=world.people["employer"],
        statement="We hire its graduates.",
    )
    skills = values(nation("alignment").figure("alignment_skills"))
    assert skills[s1][2] == 1


def test_withdrawn_needs_no_longer_count(world: World) -> None:
    from wisam.insights.services import skill_need_withdraw

    skill_need_withdraw(need=world.needs[1], actor=world.people["employer"])
    keys = {k.key: k.value for k in nation("alignment").key_figures}
    assert keys["people"] == 10


def test_the_median_is_hidden_with_fewer_than_three_others(world: World) -> None:
    assert selectors._median_of_others({1: 4, 2: 2}, [1, 2, 3], own=1) is None
    assert selectors._median_of_others({1: 4, 2: 2, 4: 6}, [1, 2, 3, 4], own=1) == 2.0


def test_not_yet_available_figures_say_so(world: World) -> None:
    reach = nation("reach")
    for key in ("completion", "stacking", "recognition"):
        figure = reach.figure(key)
        assert figure is not None
        assert figure.unavailable or figure.rows is not None


def _responses(world: World, organisation: Any, audience: str, scores: list[float]) -> None:
    from wisam.quality.models import SurveyInstrument, SurveyResponse
    from wisam.quality.services import survey_instruments_load

    survey_instruments_load()
    instrument = SurveyInstrument.objects.filter(audience=audience).order_by("-version").first()
    assert instrument is not None
    micro_credential = world.entries["E1"].specification_version.micro_credential
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            instrument=instrument,
            organisation=organisation,
            micro_credential=micro_credential,
            audience=audience,
            year=2026,
            submitted_at=aware(2026, 3, 1),
            overall=score,
        )
        for score in scores
    )


def test_satisfaction_hides_institutions_with_fewer_than_five_answers(world: World) -> None:
    _responses(world, world.home, "learner", [4, 4, 4, 4])  # four answers: anonymous, never shown nor counted
    _responses(world, world.peer1, "learner", [5, 5, 5, 5, 3])  # five: mean 4.6
    assert values(nation("quality").figure("satisfaction"))["learner"] == [4.6]
    assert values(own(world, "quality").figure("satisfaction"))["learner"][0] is None
    _responses(world, world.home, "learner", [2])  # the fifth answer makes the home institution's mean visible
    assert values(own(world, "quality").figure("satisfaction"))["learner"][0] == 3.6
    assert values(nation("quality").figure("satisfaction"))["learner"] == [4.1]


def test_small_cells_hide_the_median_of_the_others_too() -> None:
    """A median of 2 learners is a count of learners: below five it is hidden like the institution's own count."""
    from wisam.insights.selectors import _rows
    from wisam.institutions.models import Organisation

    scope = Scope(national=False, organisation=Organisation(pk=1))
    grouped = {(1, "male"): 7, (2, "male"): 1, (3, "male"): 2, (4, "male"): 3}
    grouped |= {(1, "female"): 3, (2, "female"): 5, (3, "female"): 6, (4, "female"): 9}
    keys = [("male", "Male"), ("female", "Female")]
    shown = {row.key: row.values for row in _rows(scope, grouped, keys, [1, 2, 3, 4], transform=suppress)}
    assert shown == {"male": [7, None], "female": [None, 6.0]}
    # Without suppression (counts that are not about learners) the median stays.
    assert [row.values for row in _rows(scope, grouped, keys, [1, 2, 3, 4])] == [[7, 2.0], [3, 6.0]]


def test_field_and_level_filters_narrow_satisfaction_stacking_and_recognition(world: World) -> None:
    """Every reach and quality figure obeys the field and level filters, not only the period."""
    from wisam.credentials.models import IssuedCredential
    from wisam.pathways.models import ExternalCredential, RecognitionItem, RecognitionRequest

    _responses(world, world.peer1, "learner", [5, 5, 5, 5, 3])  # about E1: ISCED 0613, EQF 5
    assert values(nation("quality", field="06").figure("satisfaction"))["learner"] == [4.6]
    assert values(nation("quality", level=5).figure("satisfaction"))["learner"] == [4.6]
    assert values(nation("quality", field="04").figure("satisfaction"))["learner"] == [None]
    assert values(nation("quality", level=6).figure("satisfaction"))["learner"] == [None]

    learner = world.people["learner"]
    decided = aware(2026, 4, 1)

    def request(outcome: str) -> RecognitionRequest:
        workflow = RecognitionRequest.WORKFLOW
        return RecognitionRequest.objects.create(
            learner=learner,
            organisation=world.home,
            purpose="credit",
            outcome=outcome,
            decided_at=decided,
            workflow_name=workflow.name,
            workflow_version=workflow.version,
            state="decided",
            is_active=False,
        )

    wisam_credential = IssuedCredential.objects.filter(organisation=world.home).first()  # E1: 0613, level 5
    assert wisam_credential is not None
    full = request("full")
    RecognitionItem.objects.create(request=full, issued_credential=wisam_credential)
    refused = request("refused")
    for n, (isced, level) in enumerate((("0413", 6), ("0413", 6))):  # two matching items: still one request
        external = ExternalCredential.objects.create(
            learner=learner, document="{}", document_sha256=f"{n}" * 64, isced_code=isced, eqf_level=level
        )
        RecognitionItem.objects.create(request=refused, external_credential=external)
    decisions = values(nation("reach").figure("recognition"))
    assert decisions["full"] == [1]
    assert decisions["refused"] == [1]
    in_ict = values(nation("reach", field="06").figure("recognition"))
    assert in_ict["full"] == [1]
    assert in_ict["refused"] == [0]
    at_six = values(nation("reach", level=6).figure("recognition"))
    assert at_six["full"] == [0]
    assert at_six["refused"] == [1]
    assert values(nation("reach", field="04", level=5).figure("recognition"))["refused"] == [0]
