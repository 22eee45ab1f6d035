"""`xxgk fixtures --converters`: third-party converters' outputs with their ground truth."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice renders the PDFs")
def test_cli_writes_converter_outputs(tmp_path):
    result = subprocess.run([sys.executable, "-m", "xxgk", "fixtures", str(tmp_path), "--no-seeds",
                             "-n", "1", "--seed", "3",
                             "--converters", "python-docx,mammoth-md,html2text,pdfminer"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    outputs = [n for n in manifest if n.count(".") == 2]
    forms = sorted(n.split(".")[1] for n in outputs)
    assert forms == ["html2text", "mammoth-md", "pdfminer-soffice", "python-docx"]
    slug = outputs[0].split(".")[0]
    truth = json.loads((tmp_path / f"{slug}.truth.json").read_text(encoding="utf-8"))
    assert truth["slug"] == slug and truth["tables"]["applications"]
    docx_text = (tmp_path / f"{slug}.python-docx.txt").read_text(encoding="utf-8")
    assert "\t" in docx_text and truth["agency"] in docx_text


def test_cli_rejects_an_unknown_converter(tmp_path):
    result = subprocess.run([sys.executable, "-m", "xxgk", "fixtures", str(tmp_path), "--no-seeds",
                             "-n", "1", "--converters", "pandoc"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "unknown converter 'pandoc'" in result.stderr
