"""No missed edit, at the price of a few requests a night: list records compared with the last
walk, unchanged pages recognised by their bytes, and rolling re-checks.

A changed list is read record by record (URL, title, date) and compared with the same list's
records as last walked (`list_records`): a new URL is asked, a known URL whose title or date
changed is asked again (conditionally), a known, unchanged one is not; a page (an island, a
window, a TRS or generic list page) holding only known unchanged records ends the paging. A
page is unchanged when it answers 304, or 200 with the bytes archived last time (real Hanweb
portals often send no ETag/Last-Modified; dataproxy.jsp never does).

Each night also asks the least recently checked ⌈1/N⌉ of a portal's report URLs
(``[crawl] revalidate_days = N``), so an edit that no list shows (a corrected report
re-published at its old URL, same title, same date) is archived as a new version within N
nights; and the agency catalogues an unchanged directory names are re-asked on the same
rolling schedule (`due_lists`) instead of every night.
"""

from __future__ import annotations

import hashlib

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

    def page_unchanged(self, response) -> bool:
        """A list page a completed run walked, answering 304 or the bytes archived last time."""
        if response.status == 304:
            return True  # validators are sent only for lists a completed run walked (`req`)
        url = response.meta["xxgk_url"]
        if response.status != 200 or url not in self.known:
            return False  # after a crash, walk it again: the killed run may not have finished
        if response.meta.get("xxgk_capture_created"):
            return False  # new bytes: the archive already holds them as the latest capture
        last = self.store.last_capture(url)
        return bool(last) and last["sha256"] == hashlib.sha256(response.body).hexdigest()

    def read_list_page(self, response):
        """(the page to walk, or None when there is none; whether it is unchanged since the last
        walk): a 304 continues from the bytes archived last time."""
        unchanged = self.page_unchanged(response)
        if response.status == 200:
            self.stat("pages")
        response = self._body_or_archived(response)
        if response is None or response.status != 200:
            return None, unchanged
        return response, unchanged

    def compare_records(self, list_url: str, records: list[tuple[str, str, str]], base: str):
        """(canonical URL, title, date, verdict) per record; verdict is "new", "changed" or
        "unchanged" (known, same title and date as last walked)."""
        if not hasattr(self, "_walked_lists"):
            self._walked_lists: dict[str, dict[str, tuple[str, str]]] = {}
        last = self.last_records(list_url)
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
                self.stat("changed_records")
            else:
                verdict = "unchanged"
            out.append((canonical, title, date, verdict))
        return out

    def record_changed(self, list_url: str, href: str, title: str, date: str = "", *,
                       base: str | None = None) -> bool:
        """One record of a walk that reads records one at a time: True when the URL is known
        and its title or date differs from the list's last walk."""
        compared = self.compare_records(list_url, [(href, title, date)], base or list_url)
        return bool(compared) and compared[0][3] == "changed"

    def last_records(self, list_url: str) -> dict[str, tuple[str, str]]:
        """url -> (title, date) of the list's records as last walked (in list order)."""
        if not hasattr(self, "_last_lists"):
            self._last_lists: dict[str, dict[str, tuple[str, str]]] = {}
        if list_url not in self._last_lists:
            self._last_lists[list_url] = self.archive.list_records(list_url)
        return self._last_lists[list_url]

    def due_lists(self, urls: list[str]) -> set[str]:
        return self.archive.due_lists(self.portal_name, urls, self.revalidate_days)

    def save_walked_lists(self) -> None:
        for list_url, records in getattr(self, "_walked_lists", {}).items():
            self.archive.save_list_records(list_url, self.run_id,
                                           [(u, t, d) for u, (t, d) in records.items()])
