"""No missed edit: lists compared record by record, and a rolling revalidation of every report.

A changed list is read record by record (URL, title, date) and compared with the same list's
records as last walked (`list_records`): a known URL whose title or date changed is asked
again (conditionally); a known, unchanged one is not. Each night also asks the least recently
checked ⌈1/N⌉ of a portal's report URLs (``[crawl] revalidate_days = N``), so an edit that no
list shows (a corrected report re-published at its old URL, same title, same date) is archived
as a new version within N nights.
"""

from __future__ import annotations

from crawler.urls import kind_of


class RecordsMixin:
    def revalidation_requests(self):
        due = self.archive.due_for_revalidation(self.portal_name, self.revalidate_days)
        for url in due:
            kind = "module" if kind_of(url) == "module" else "article"
            request = self.req(url, self.parse_document, kind, meta={"xxgk_revalidation": True})
            if request:
                self.stat("revalidated")
                yield request

    def compare_records(self, list_url: str, records: list[tuple[str, str, str]], base: str):
        """(canonical URL, title, date, verdict) per record; verdict is "new", "changed" or
        "unchanged" (known, same title and date as last walked)."""
        if not hasattr(self, "_walked_lists"):
            self._walked_lists: dict[str, dict[str, tuple[str, str]]] = {}
        last = self._last_records(list_url)
        walked = self._walked_lists.setdefault(list_url, {})
        out = []
        for href, title, date in records:
            canonical = self.hostmap.canonical(href, base)
            if canonical is None or canonical in walked:
                continue
            walked[canonical] = (title, date)
            if canonical not in self.known:
                verdict = "new"
            elif canonical in last and last[canonical] != (title, date):
                verdict = "changed"
            else:
                verdict = "unchanged"
            out.append((canonical, title, date, verdict))
        return out

    def record_changed(self, list_url: str, href: str, title: str, date: str = "", *,
                       base: str | None = None) -> bool:
        """One record of a walk that reads records one at a time (the Hanweb windows): True
        when the URL is known and its title or date differs from the list's last walk."""
        compared = self.compare_records(list_url, [(href, title, date)], base or list_url)
        return bool(compared) and compared[0][3] == "changed"

    def _last_records(self, list_url: str) -> dict[str, tuple[str, str]]:
        if not hasattr(self, "_last_lists"):
            self._last_lists: dict[str, dict[str, tuple[str, str]]] = {}
        if list_url not in self._last_lists:
            self._last_lists[list_url] = self.archive.list_records(list_url)
        return self._last_lists[list_url]

    def save_walked_lists(self) -> None:
        for list_url, records in getattr(self, "_walked_lists", {}).items():
            self.archive.save_list_records(list_url, self.run_id,
                                           [(u, t, d) for u, (t, d) in records.items()])
