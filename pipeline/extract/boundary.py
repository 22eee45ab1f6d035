"""The one boundary every archived document's extraction goes through (``xxgk process``,
``xxgk import``, ``xxgk run``), and the ``[extract]`` settings all of them honour.

Inside it a bad input can only produce ``(None, "<url or file>: <reason>")``: a refused
input, any exception escaping a reader or a library (zlib, Pillow, rapidocr, onnxruntime),
the CPU budget, or memory. The batch around it goes on. (A worker process killed from outside,
for its memory or a hang, is reported the same way by archive/workers.py.)
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.extract import budget
from pipeline.extract import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, ExtractError, extract_bytes
from pipeline.model import Report


@dataclass(frozen=True)
class ExtractSettings:
    """``[extract]`` of config.toml."""

    ocr: bool = True
    max_file_mb: float = DEFAULT_MAX_BYTES / 2**20
    cpu_budget_s: float = DEFAULT_TIMEOUT
    soffice: str = "soffice"
    convert_timeout: float = 120.0

    @classmethod
    def from_config(cls, section: dict) -> ExtractSettings:
        """From ``config.toml``'s ``[extract]`` (merged with its defaults, the one source)."""
        return cls(ocr=bool(section["ocr"]), max_file_mb=float(section["max_file_mb"]),
                   cpu_budget_s=float(section["cpu_budget_s"]), soffice=str(section["soffice"]),
                   convert_timeout=float(section["convert_timeout"]))

    @property
    def version_suffix(self) -> str:
        """Appended to EXTRACTOR_VERSION in the archive, so that documents read without OCR
        are read again once OCR is switched on."""
        return "" if self.ocr else "+no-ocr"

    def options(self) -> dict:
        return {"ocr": self.ocr, "max_bytes": int(self.max_file_mb * 2**20),
                "timeout": self.cpu_budget_s}

    def apply(self) -> None:
        """Hand the settings read deeper than ``extract_bytes`` (LibreOffice) to their stage."""
        from pipeline.readers.convert import configure

        configure(soffice=self.soffice, timeout=self.convert_timeout)


def extract_guarded(data: bytes, *, settings: ExtractSettings | None = None,
                    extract=extract_bytes, refusals: tuple[type[BaseException], ...] = (),
                    **kw) -> tuple[Report | None, str | None]:
    """``(report, None)`` or ``(None, one-line reason)``; never raises for a bad input.
    ``extract`` is the extraction function and ``refusals`` the errors whose message is
    already the reason (the archive's tests pass their own)."""
    settings = settings or ExtractSettings()
    name = kw.get("path") or kw.get("url") or "<bytes>"
    # the budget is kept here, around any extractor; extract_bytes must not start a second one
    options = {**settings.options(), "timeout": None} if extract is extract_bytes else {}
    try:
        with budget.cpu_time_limit(settings.cpu_budget_s):
            return extract(data, **options, **kw), None
    except (ExtractError, *refusals) as exc:
        if budget.fired():
            return None, budget.budget_message(name, budget.fired())
        return None, one_line(str(exc), name)
    except MemoryError:
        return None, f"{name}: out of memory while reading"
    except Exception as exc:  # noqa: BLE001 - the boundary: any failure is this document's
        if budget.fired():
            return None, budget.budget_message(name, budget.fired())
        kind = type(exc).__qualname__
        module = type(exc).__module__
        return None, one_line(f"reader failed ({'' if module == 'builtins' else module + '.'}"
                              f"{kind}: {exc})", name)


def one_line(text: str, name: str, limit: int = 300) -> str:
    """``<name>: <reason>`` on one line; the reason often names the document already."""
    text = " ".join(text.split())
    if name not in text:
        text = f"{name}: {text}"
    return text if len(text) <= limit else text[:limit - 1] + "…"
