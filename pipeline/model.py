"""The data model of one extracted report, exactly the JSON of ``xxgk extract --json``.

The JSON contract is ``shared/spec/extract.schema.json``; ``Report.to_json()`` produces it and
``Report.from_json()`` reads it back (the archive loader and the tests use both).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA_VERSION = 1


@dataclass
class Cell:
    value: float | int | None
    raw: str | None
    semantic: str
    locator: str | None = None

    @classmethod
    def missing(cls, locator: str | None = None) -> Cell:
        return cls(None, None, "missing", locator)

    @property
    def is_number(self) -> bool:
        return self.semantic == "number"


#: {row_key: {col_key: Cell}}
Table = dict[str, dict[str, Cell]]


@dataclass
class Section:
    number: int
    heading: str | None
    present: bool


@dataclass
class Claim:
    key: str
    value: float | int
    unit: str | None = None
    approximate: bool = False
    text: str = ""
    #: section number the claim was found in (database column; not part of the JSON contract)
    section: int | None = None


@dataclass
class Check:
    id: str
    status: str
    scope: str | None = None
    expected: float | int | None = None
    actual: float | int | None = None
    message: str = ""


@dataclass
class Source:
    sha256: str
    media_type: str
    path: str | None = None
    url: str | None = None


@dataclass
class Report:
    source: Source
    format: str = "unknown"
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    published_date: str | None = None
    period: dict[str, str] | None = None
    applications_variant: str | None = None
    portal_urls: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: the document's paragraphs as read (not part of the JSON contract): the archive tells a
    #: changed report from a page that changed around it (archive/versions.py)
    paragraphs: list[str] = field(default_factory=list, compare=False, repr=False)

    def cell(self, table_id: str, row_key: str, col_key: str) -> Cell | None:
        return self.tables.get(table_id, {}).get(row_key, {}).get(col_key)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "source": _plain(self.source),
            "title": self.title,
            "agency": self.agency,
            "year": self.year,
            "published_date": self.published_date,
            "period": self.period,
            "format": self.format,
            "applications_variant": self.applications_variant,
            "portal_urls": list(self.portal_urls),
            "sections": [_plain(s) for s in self.sections],
            "tables": {
                tid: {r: {c: _plain(cell) for c, cell in cols.items()} for r, cols in t.items()}
                for tid, t in self.tables.items()
            },
            "claims": [
                {k: v for k, v in _plain(c).items() if k != "section"} for c in self.claims
            ],
            "checks": [_plain(c) for c in self.checks],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Report:
        return cls(
            source=Source(**doc["source"]),
            format=doc["format"],
            title=doc.get("title"),
            agency=doc.get("agency"),
            year=doc.get("year"),
            published_date=doc.get("published_date"),
            period=doc.get("period"),
            applications_variant=doc.get("applications_variant"),
            portal_urls=list(doc.get("portal_urls", [])),
            sections=[Section(**s) for s in doc.get("sections", [])],
            tables={
                tid: {r: {c: Cell(**cell) for c, cell in cols.items()} for r, cols in t.items()}
                for tid, t in doc.get("tables", {}).items()
            },
            claims=[Claim(**c) for c in doc.get("claims", [])],
            checks=[Check(**c) for c in doc.get("checks", [])],
            warnings=list(doc.get("warnings", [])),
        )


def _plain(item) -> dict[str, Any]:
    """``dataclasses.asdict`` for the flat records above (their fields hold numbers, strings
    and None only, so there is nothing to copy deeply): asdict cost more than the checks."""
    names = _FIELD_NAMES.get(type(item))
    if names is None:
        names = _FIELD_NAMES[type(item)] = tuple(f.name for f in fields(item))
    return {name: getattr(item, name) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
