"""LibreOffice converts with a fontconfig that puts a font with Chinese glyphs first (no glyph
fallback while it lays the document out for the DOCX export), and that changes nothing in
the document it writes. Real fontconfig, real LibreOffice."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile

import pytest

from pipeline.readers import convert, convert_env


def _fc_match(env: dict, family: str) -> str:
    return subprocess.run(["fc-match", "-f", "%{family[0]}", family], env=env,
                          capture_output=True, check=True).stdout.decode()


@pytest.fixture
def cjk_family():
    if shutil.which("fc-list") is None:
        pytest.fail("fontconfig's fc-list is required (see README set-up)")
    family = convert_env.cjk_family()
    if family is None:
        pytest.fail("a font with Chinese glyphs is required (fonts-wqy-zenhei, scripts/install.sh)")
    return family


def test_every_font_request_gets_the_chinese_font_first(cjk_family, tmp_path):
    env = convert_env.soffice_env(tmp_path)
    assert env["HOME"] == str(tmp_path)
    assert env["FONTCONFIG_FILE"] == str(tmp_path / "fonts.conf")
    # what a DOC names, whether or not this machine has it
    for family in ("Times New Roman", "宋体", "仿宋_GB2312", "Calibri"):
        assert _fc_match(env, family) == cjk_family
    # the machine's own configuration is still the base: without the file, a Latin face
    plain = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    assert _fc_match(plain, "Times New Roman") != cjk_family


def test_the_base_configuration_is_the_one_in_force(tmp_path, monkeypatch):
    monkeypatch.setenv("FONTCONFIG_FILE", str(tmp_path / "mine.conf"))
    monkeypatch.setattr(convert_env, "_cjk_family", ["Some & Font"])
    (tmp_path / "home").mkdir()
    conf = convert_env.soffice_env(tmp_path / "home")["FONTCONFIG_FILE"]
    text = open(conf, encoding="utf-8").read()
    assert f"<include ignore_missing=\"yes\">{tmp_path / 'mine.conf'}</include>" in text
    assert "<string>Some &amp; Font</string>" in text


def test_no_chinese_font_leaves_fontconfig_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(convert_env, "_cjk_family", [None])
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    env = convert_env.soffice_env(tmp_path)
    assert "FONTCONFIG_FILE" not in env and not (tmp_path / "fonts.conf").exists()


def test_the_document_written_is_the_same(cjk_family, docs, tmp_path, monkeypatch):
    """The converted body is identical with and without the font file (the layout it
    changes is not written to the DOCX)."""
    monkeypatch.setattr(convert, "_settings", {})
    doc = docs[0][1]
    with_fonts = convert.doc_to_docx(doc)
    monkeypatch.setattr(convert_env, "_cjk_family", [None])
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    without = convert.doc_to_docx(doc)

    def part(docx: bytes, name: str) -> bytes:
        with zipfile.ZipFile(io.BytesIO(docx)) as zf:
            return zf.read(name)
    assert part(with_fonts, "word/document.xml") == part(without, "word/document.xml")
    assert part(with_fonts, "word/numbering.xml") == part(without, "word/numbering.xml")
