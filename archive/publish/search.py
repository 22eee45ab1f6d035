"""One search box for every length of query: an agency name lists that agency's reports first;
three characters and more go through the trigram index (ranked by bm25); one or two characters,
which trigrams cannot index and which most Chinese words are (文登, 复议), are a LIKE scan of
titles, then of the text. Every hit carries a snippet around its first occurrence."""

from __future__ import annotations

#: results per page and the characters shown on each side of a hit
LIMIT = 50
CONTEXT = 40
MAX_QUERY = 100

AGENCY_REPORTS = """SELECT r.report_id, r.title, r.year, a.name AS agency, r.agency_id,
       r.text, r.published_date, r.source_kind, 'agency' AS matched
FROM agencies a JOIN reports r ON r.agency_id = a.agency_id
WHERE a.name LIKE '%' || :q || '%' AND r.is_current = 1
ORDER BY a.name = :q DESC, length(a.name), a.name, r.year DESC
LIMIT :limit"""
#: trigram MATCH with the query quoted as one phrase (no FTS syntax from the user)
FTS = """SELECT r.report_id, r.title, r.year, a.name AS agency, r.agency_id, r.text,
       r.published_date, r.source_kind, 'text' AS matched
FROM reports_fts f JOIN reports r ON r.rowid = f.rowid
LEFT JOIN agencies a ON a.agency_id = r.agency_id
WHERE reports_fts MATCH :phrase AND r.is_current = 1
ORDER BY bm25(reports_fts, 10.0, 1.0), r.year DESC
LIMIT :limit"""
#: titles first, then texts; within each, the most occurrences (by length lost on removal)
SHORT = """SELECT r.report_id, r.title, r.year, a.name AS agency, r.agency_id, r.text,
       r.published_date, r.source_kind, 'text' AS matched
FROM reports r LEFT JOIN agencies a ON a.agency_id = r.agency_id
WHERE r.is_current = 1 AND (instr(r.title, :q) > 0 OR instr(r.text, :q) > 0)
ORDER BY instr(r.title, :q) > 0 DESC,
         (length(r.text) - length(replace(r.text, :q, ''))) DESC, r.year DESC
LIMIT :limit"""


def snippet(text: str | None, q: str) -> tuple[str, str, str] | None:
    """(before, hit, after) around the first occurrence; the template escapes each part."""
    if not text or not q:
        return None
    at = text.find(q)
    if at < 0:
        return None
    start, end = max(0, at - CONTEXT), at + len(q) + CONTEXT
    before = ("…" if start else "") + text[start:at]
    after = text[at + len(q):end] + ("…" if end < len(text) else "")
    return before.replace("\n", " "), q, after.replace("\n", " ")


async def search(db, q: str) -> list[dict]:
    q = " ".join(q.split())[:MAX_QUERY]
    if not q:
        return []
    params = {"q": q, "limit": LIMIT, "phrase": '"' + q.replace('"', '""') + '"'}
    seen: set[str] = set()
    hits: list[dict] = []
    queries = [AGENCY_REPORTS, FTS if len(q) >= 3 else SHORT]
    for sql in queries:
        for row in (await db.execute(sql, params)).rows:
            row = dict(row)
            if row["report_id"] in seen:
                continue
            seen.add(row["report_id"])
            # the title shows the hit already; the snippet is the text around it
            row["snippet"] = snippet(row["text"], q) or snippet(row["title"], q)
            row.pop("text")
            hits.append(row)
    return hits[:LIMIT]
