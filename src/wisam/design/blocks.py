"""The 10 building blocks and the EU Annex I elements, held as versioned data in data/building_blocks.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
CHILD_LISTS = ("outcomes", "activities", "assessments", "kpis")


@dataclass(frozen=True)
class EuElement:
    id: str
    mandatory: bool
    applies_to: str
    label: dict[str, str]


@dataclass(frozen=True)
class Block:
    id: str
    order: int
    title: dict[str, str]
    guidance: dict[str, str]
    fields: tuple[str, ...]
    readiness_fields: tuple[str, ...]
    eu_elements: tuple[str, ...]

    @property
    def scalar_fields(self) -> tuple[str, ...]:
        """The version's own fields edited in this block (child lists excluded)."""
        return tuple(name for name in self.fields if name not in CHILD_LISTS)


@cache
def _data() -> dict[str, Any]:
    return dict(json.loads((DATA / "building_blocks.json").read_text(encoding="utf-8")))


def data_version() -> str:
    return str(_data()["version"])


@cache
def blocks() -> tuple[Block, ...]:
    return tuple(
        sorted(
            (
                Block(
                    id=b["id"],
                    order=int(b["order"]),
                    title=b["title"],
                    guidance=b["guidance"],
                    fields=tuple(b["fields"]),
                    readiness_fields=tuple(b.get("readiness_fields", b["fields"])),
                    eu_elements=tuple(b.get("eu_elements", ())),
                )
                for b in _data()["blocks"]
            ),
            key=lambda block: block.order,
        )
    )


def block(block_id: str) -> Block:
    for candidate in blocks():
        if candidate.id == block_id:
            return candidate
    raise KeyError(block_id)


@cache
def eu_elements() -> dict[str, EuElement]:
    return {
        e["id"]: EuElement(e["id"], bool(e["mandatory"]), e["applies_to"], e["label"]) for e in _data()["eu_elements"]
    }


def block_of_field(name: str) -> str:
    for candidate in blocks():
        if name in candidate.fields:
            return candidate.id
    raise KeyError(name)
