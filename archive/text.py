"""Plain text of an archived document, for full-text search over reports."""

from __future__ import annotations

from charset_normalizer import from_bytes
from lxml import html as lxml_html
from w3lib.encoding import html_to_unicode

from pipeline.model import Report


def document_text(data: bytes, content_type: str | None, report: Report) -> str:
    """The words of the document; for binary formats, what the extraction kept."""
    media = (report.source.media_type or content_type or "").lower()
    if "html" in media:
        _, text = html_to_unicode(content_type, data)
        try:
            tree = lxml_html.fromstring(text)
        except ValueError:
            return text
        for bad in tree.xpath("//script|//style|//noscript"):
            bad.drop_tree()
        return " ".join(tree.text_content().split())
    if media.startswith("text/"):
        best = from_bytes(data).best()
        return str(best) if best else ""
    parts = [report.title or "", *(s.heading or "" for s in report.sections),
             *(c.text for c in report.claims)]
    return "\n".join(p for p in parts if p)
