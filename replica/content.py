"""Report bodies as the replica serves them: HTML fragments, DOCX, PDF/DOC, table pictures.

Bodies come from the five seeds (portals.md §11): a seed report is served with its own text;
a generated report re-uses a seed's narrative re-attributed to its agency and year, with a small
主动公开 table of deterministic numbers. PDF and DOC versions are converted from the DOCX once
with LibreOffice and cached on disk by content hash, so server start stays fast.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import random
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from replica.corpus import Report

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
_MARKUP = re.compile(r"\[(bookmark|image)[^\]]*\]")


def cache_dir() -> Path:
    return Path(os.environ.get("XXGK_REPLICA_CACHE", Path.home() / ".cache" / "xxgk-archive" / "replica"))


@lru_cache(maxsize=None)
def seed_lines(stem: str) -> tuple[str, ...]:
    path = next(SEEDS_DIR.glob(f"{stem}_*.txt"))
    lines = (_MARKUP.sub("", line).strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and "|" not in line)


def paragraphs(report: Report, domain: str) -> list[str]:
    """The text of the report, title lines excluded."""
    if report.seed is not None:
        return list(seed_lines(report.seed)[2:])
    source = seed_lines(["001", "002", "003", "004"][report.uid % 4])
    fmt = "国办公开办函〔2021〕30号" if report.year >= 2021 else "国办公开办函〔2019〕60号"
    opening = (f"根据《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）和《中华人民共和国"
               f"政府信息公开工作年度报告格式》（{fmt}）要求，现公布{report.agency.name}{report.year}年"
               f"政府信息公开工作年度报告。报告中所列数据统计时限自{report.year}年1月1日起至{report.year}年"
               f"12月31日止。报告电子版可在门户网站（http://{domain}/）查阅或下载。")
    body = [opening]
    body += [line for line in source[3:] if not line.startswith("根据")][:8]
    body = [re.sub(r"20\d\d年", f"{report.year}年", line) for line in body]
    if report.edits:
        body.append(f"（本报告于发布后第{report.edits}次更正：更正了个别文字表述。）")
    return body


def table_rows(report: Report) -> list[list[str]]:
    rng = random.Random(report.uid)
    rows = [["第二十条第（一）项", "", "", ""], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]]
    for label in ("规章", "行政规范性文件"):
        made, gone = rng.randint(0, 12), rng.randint(0, 4)
        rows.append([label, str(made), str(gone), str(made - gone + rng.randint(5, 40))])
    return rows


def table_html(report: Report) -> str:
    rows = table_rows(report)
    out = ['<table border="1" cellspacing="0" style="border-collapse:collapse">',
           f'<tr><td colspan="4"><p>{rows[0][0]}</p></td></tr>']
    for row in rows[1:]:
        out.append("<tr>" + "".join(f"<td><p>{html.escape(c)}&nbsp;</p></td>" for c in row) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def body_html(report: Report, domain: str, *, picture_url: str | None = None,
              extra_links: str = "") -> str:
    paras = paragraphs(report, domain)
    parts = [f"<p>{html.escape(p)}</p>" for p in paras[:3]]
    parts.append("<p>二、主动公开政府信息情况</p>")
    if picture_url:
        parts.append(f'<p><img src="{picture_url}" alt="" border="0"></p>')
    else:
        parts.append(table_html(report))
    parts += [f"<p>{html.escape(p)}</p>" for p in paras[3:]]
    return "\n".join(parts) + extra_links


def docx_bytes(report: Report, domain: str) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph(report.title)
    paras = paragraphs(report, domain)
    for p in paras[:3]:
        doc.add_paragraph(p)
    rows = table_rows(report)
    table = doc.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for p in paras[3:]:
        doc.add_paragraph(p)
    doc.core_properties.created = report.published
    doc.core_properties.modified = report.published
    buf = io.BytesIO()
    doc.save(buf)
    return _normalise_zip(buf.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """python-docx stamps the current time into the zip entries; fix them so bytes are stable."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            info.date_time = (2020, 1, 1, 0, 0, 0)
            dst.writestr(info, src.read(info.filename))
    return out.getvalue()


def table_png(report: Report) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    rows = table_rows(report)
    font = ImageFont.truetype(FONT, 18)
    width, height = 4 * 170, len(rows) * 36
    img = Image.new("RGB", (width + 2, height + 2), "white")
    draw = ImageDraw.Draw(img)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            x, y = c * 170, r * 36
            draw.rectangle([x, y, x + 170, y + 36], outline="black")
            draw.text((x + 6, y + 8), value, fill="black", font=font)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def convert_all(docs: dict[str, bytes], ext: str) -> dict[str, bytes]:
    """Convert DOCX bytes to ``ext`` (pdf|doc) with one soffice call; cached by content hash.

    Returns {} when LibreOffice is unavailable (the caller then serves DOCX instead).
    """
    folder = cache_dir() / ext
    folder.mkdir(parents=True, exist_ok=True)
    result, todo = {}, {}
    for key, data in docs.items():
        sha = hashlib.sha256(data).hexdigest()
        cached = folder / f"{sha}.{ext}"
        if cached.exists():
            result[key] = cached.read_bytes()
        else:
            todo[key] = (sha, data)
    if todo and shutil.which("soffice"):
        with tempfile.TemporaryDirectory() as tmp:
            inputs = []
            for sha, data in todo.values():
                path = Path(tmp) / f"{sha}.docx"
                path.write_bytes(data)
                inputs.append(str(path))
            target = "doc:MS Word 97" if ext == "doc" else ext
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                            "--convert-to", target, "--outdir", str(Path(tmp) / "out"), *inputs],
                           capture_output=True, timeout=600, check=False)
            for key, (sha, _data) in todo.items():
                out = Path(tmp) / "out" / f"{sha}.{ext}"
                if out.exists():
                    os.replace(out, folder / f"{sha}.{ext}")
                    result[key] = (folder / f"{sha}.{ext}").read_bytes()
    return result
