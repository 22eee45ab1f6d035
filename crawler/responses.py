"""Small helpers on archived headers and response bytes."""

from __future__ import annotations

import json


def validators(headers_json: str, *, dates: bool = True) -> dict[str, str]:
    """The conditional headers a last capture allows. Without ``dates`` only its ETag: a
    server comparing If-Modified-Since as "not newer than" (Apache) answers 304 to a page put
    back to older bytes with their older date, so a date can't prove the bytes unchanged."""
    headers = {k.lower(): v for k, v in json.loads(headers_json or "{}").items()}
    out = {}
    if headers.get("etag"):
        out["If-None-Match"] = headers["etag"]
    if dates and headers.get("last-modified"):
        out["If-Modified-Since"] = headers["last-modified"]
    return out


def decoded_text(response) -> str | None:
    """The page text, or None when the bytes are not in the declared charset (portals.md §7)."""
    declared = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
    if "utf-8" in declared or "charset" not in declared:
        try:
            return response.body.decode("utf-8")
        except UnicodeDecodeError:
            return None
    charset = declared.split("charset=")[-1].strip()
    if charset in ("gb2312", "gbk"):
        charset = "gb18030"
    return response.body.decode(charset, "replace")
