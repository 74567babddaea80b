"""Register search: Arabic spelling variants, English, filters and pagination — on the database the tests run on.

CI runs these on PostgreSQL as well (DATABASE_URL=postgres://...): the same assertions hold for FTS5 and tsvector.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from wisam.accreditation import services
from wisam.accreditation.search import normalise
from wisam.accreditation.selectors import RegisterQuery, register_search

pytestmark = pytest.mark.django_db(transaction=False)


def _entry(organisation: Any, ar: str, en: str, **fields: Any) -> Any:
    today = date.today()
    values = {
        "organisation": organisation,
        "title": {"ar": ar, "en": en},
        "institution_name": dict(organisation.name),
        "institution_slug": organisation.slug,
        "eqf_level": 5,
        "nqf_level": 2,
        "ects": Decimal("5"),
        "isced_code": "0613",
        "mode": "blended",
        "languages": ["ar", "en"],
        "languages_key": ",ar,en,",
        **fields,
    }
    with transaction.atomic():
        return services.register_entry_save(
            fields=values, valid_from=today, valid_until=today + timedelta(days=1000), route="panel", actor=None
        )


@pytest.fixture
def entries(make_organisation: Any) -> dict[str, Any]:
    home = make_organisation("home-university")
    other = make_organisation("other-college", "community_college")
    return {
        "management": _entry(home, "إدارة المشاريع الهندسية", "Engineering project management", isced_code="0713"),
        "nursing": _entry(
            other,
            "الرعاية التمريضية المنزلية",
            "Home nursing care",
            isced_code="0913",
            mode="onsite",
            languages=["ar"],
            languages_key=",ar,",
            ects=Decimal("2"),
        ),
        "data": _entry(home, "تَحْلِيلُ البيانات الضخمة", "Big data analysis", eqf_level=6),
        "ai": _entry(
            other,
            "مقدمة في الذكاء الاصطناعي",
            "Introduction to artificial intelligence",
            stackability="integrated",
            stackable_towards={"ar": "دبلوم مهني متخصص", "en": "Professional diploma"},
            stackable_towards_key=normalise("دبلوم مهني متخصص Professional diploma"),
            ects=Decimal("7.5"),
        ),
        "tourism": _entry(other, "السياحة الدينية في بيت لحم", "Religious tourism in Bethlehem", isced_code="1015"),
        "clinic": _entry(home, "إسعافات أوّليّة للمعلّمين", "First aid for teachers", isced_code="0912"),
        "hospital": _entry(home, "مستشفى الأطفال", "Children's hospital", isced_code="0912"),
    }


def found(**params: Any) -> set[str]:
    page = register_search(RegisterQuery.from_params({k: str(v) for k, v in params.items()}))
    return {e.identifier for e in page.object_list}


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("إدارة", "management"),
        ("ادارة", "management"),  # alef without hamza
        ("أدارة", "management"),  # wrong hamza
        ("آدارة", "management"),  # madda
        ("اداره", "management"),  # ha for ta marbuta
        ("تحليل", "data"),  # the title carries diacritics
        ("تَحليل", "data"),  # diacritics in the query
        ("تحلـــيل", "data"),  # tatweel
        ("السياحه", "tourism"),
        ("مستشفي", "hospital"),  # ya for alef maqsura is normalised both ways
        ("الاطفال", "hospital"),
        ("اسعافات اولية", "clinic"),
        ("أوليه", "clinic"),
        ("الرعايه", "nursing"),
    ],
)
def test_arabic_spelling_variants(entries: dict[str, Any], query: str, key: str) -> None:
    assert entries[key].identifier in found(q=query)


def test_english_words_and_prefixes(entries: dict[str, Any]) -> None:
    assert found(q="Project Management") == {entries["management"].identifier}
    assert found(q="nurs") == {entries["nursing"].identifier}
    assert found(q="data analysis") == {entries["data"].identifier}
    assert found(q="analysis quantum") == set()


def test_search_by_institution_name(entries: dict[str, Any]) -> None:
    assert entries["tourism"].identifier in found(q="other-college")


def test_filters(entries: dict[str, Any]) -> None:
    assert found(field="09") == {
        entries["nursing"].identifier,
        entries["clinic"].identifier,
        entries["hospital"].identifier,
    }
    assert found(level=6) == {entries["data"].identifier}
    assert found(institution="other-college", mode="onsite") == {entries["nursing"].identifier}
    assert found(credits_min="6") == {entries["ai"].identifier}
    assert found(credits_max="3") == {entries["nursing"].identifier}
    assert entries["nursing"].identifier not in found(language="en")
    assert found(stackable_towards="دبلوم") == {entries["ai"].identifier}
    assert found(q="الذكاء", field="06", level=5) == {entries["ai"].identifier}


def test_pagination(entries: dict[str, Any]) -> None:
    first = register_search(RegisterQuery.from_params({"page_size": "3"}))
    second = register_search(RegisterQuery.from_params({"page_size": "3", "page": "2"}))
    assert first.paginator.count == 7
    assert first.paginator.num_pages == 3
    assert not {e.pk for e in first} & {e.pk for e in second}


def test_suspended_entries_leave_the_default_search(entries: dict[str, Any]) -> None:
    entry = entries["data"]
    entry.status = "suspended"
    entry.save(update_fields=["status"])
    assert entry.identifier not in found(q="تحليل")
    assert entry.identifier in found(q="تحليل", status="all")


def test_reindexed_entry_is_found_by_its_new_title(entries: dict[str, Any]) -> None:
    entry = entries["tourism"]
    fields = {"title": {"ar": "التراث الثقافي", "en": "Cultural heritage"}}
    with transaction.atomic():
        services.register_entry_save(
            fields=fields,
            valid_from=entry.valid_from,
            valid_until=entry.valid_until,
            route="panel",
            actor=None,
            entry=entry,
        )
    assert found(q="heritage") == {entry.identifier}
    assert found(q="Bethlehem") == set()
