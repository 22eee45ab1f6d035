"""How slow each document group is expected to be, so that workers take the slowest of each
window first (archive/parallel.py): a pictured report is not left for the end while the
other worker idles."""

from __future__ import annotations

import sqlite_utils

#: rough seconds a document costs by the media type it was served with (a hint only: a
#: lying Content-Type costs nothing but the order the workers take the groups in). DOC/WPS
#: are converted ahead of the workers (archive/preconvert.py) and then read as DOCX: their
#: groups are taken last in their window (below every page, hence negative), so that their
#: conversion has had time to go ahead of them instead of a worker waiting for LibreOffice.
MEDIA_WEIGHTS = (("pdf", 2.0), ("msword", -1.0), ("wps", -1.0))
#: seconds of OCR a picture costs (a picture document, or one a page shows)
PICTURE_WEIGHT = 10.0


def group_weights(db: sqlite_utils.Database, todo: list[list[dict]], ocr: bool) -> list[float]:
    """How slow each group is expected to be, for the order only: PDF members, the pictures
    its page shows when they will be OCR'd; a group with a DOC/WPS weighs less than any
    other (see MEDIA_WEIGHTS)."""
    pictures: dict[int, int] = {}
    if ocr and todo:
        # only the todo groups' own pages, each an index lookup (m014): counting the pictures
        # of the whole archive cost every nightly run a scan of all captures
        roots = [members[0]["capture_id"] for members in todo]
        for start in range(0, len(roots), 500):
            chunk = roots[start:start + 500]
            pictures.update(db.execute(
                f"SELECT parent_capture_id, COUNT(*) FROM captures WHERE parent_capture_id IN "
                f"({', '.join('?' * len(chunk))}) AND kind = 'image' GROUP BY parent_capture_id",
                chunk).fetchall())
    weights = []
    for members in todo:
        weight = PICTURE_WEIGHT * pictures.get(members[0]["capture_id"], 0)
        for member in members:
            media = (member.get("content_type") or "").lower()
            if media.startswith("image/"):
                weight += PICTURE_WEIGHT if ocr else 0.1
            else:
                weight += next((w for key, w in MEDIA_WEIGHTS if key in media), 0.1)
        weights.append(weight)
    return weights
