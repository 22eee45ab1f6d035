"""Template lineage and copied text between documents: S-11 and the inputs of H-02.

Pure functions over bytes and text the archive already holds: ``template_ids`` finds the Word
bookmark ids (``_Hlk…``) a document carries (seeds 001 and 004 share ten: the same template
travelled between agencies), ``similarity`` compares two report texts by character shingles,
``similarity_check`` grades it as S-11 (the 2021 notice warns against 内容雷同).
"""

from __future__ import annotations

import io
import re
import zipfile

from pipeline.model import Check

HLK = re.compile(rb"_Hlk\d+")
SHINGLE = 5
#: S-11 reports an observation above this share of shared shingles
SIMILARITY_INFO = 0.6


def template_ids(data: bytes) -> set[str]:
    """Bookmark ids in a text rendering, an HTML page or a .docx (its XML parts)."""
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data = b"".join(archive.read(n) for n in archive.namelist()
                                if n.startswith("word/") and n.endswith(".xml"))
        except (zipfile.BadZipFile, KeyError, OSError):
            return set()
    return {m.decode() for m in HLK.findall(data)}


def _shingles(text: str) -> set[str]:
    text = re.sub(r"\s+|\d+", "", text)  # numbers change every year; the wording does not
    return {text[i:i + SHINGLE] for i in range(max(0, len(text) - SHINGLE + 1))}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' 5-character shingles (digits ignored), 0…1."""
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def similarity_check(a_text: str, b_text: str, scope: str,
                     threshold: float = SIMILARITY_INFO) -> Check:
    """S-11 for two reports (same agency's previous year, or a sibling agency)."""
    share = similarity(a_text, b_text)
    status = "info" if share >= threshold else "pass"
    return Check("S-11", status, scope, threshold, round(share, 3),
                 f"{share:.0%} of the wording shared" + (" (内容雷同?)" if status == "info" else ""))
