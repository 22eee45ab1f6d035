"""`xxgk extract` through the real CLI in a subprocess: JSON contract, errors, exit codes."""

from __future__ import annotations

import io
import json
import zipfile

import jsonschema
import pytest

from tests.pipeline.extract.conftest import run_cli


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory, rendered):
    d = tmp_path_factory.mktemp("bad")
    files = {}
    files["empty"] = d / "empty.docx"
    files["empty"].write_bytes(b"")
    files["junk"] = d / "junk.html"
    files["junk"].write_bytes(bytes(range(256)) * 64)
    good_docx = rendered["001"]["docx"].read_bytes()
    files["truncated"] = d / "truncated.docx"
    files["truncated"].write_bytes(good_docx[: len(good_docx) // 2])
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:  # streamed: 300 MB
            member.write(b"<w:document>")
            for _ in range(300):
                member.write(b" " * 2**20)
            member.write(b"</w:document>")
    files["bomb"] = d / "bomb.docx"
    files["bomb"].write_bytes(bomb.getvalue())
    entities = io.BytesIO()
    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i else "")) * 10}">'
                     for i in range(1, 10))
           + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
           'main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(entities, "w") as z:
        z.writestr("word/document.xml", lol)
    files["entities"] = d / "entities.docx"
    files["entities"].write_bytes(entities.getvalue())
    files["no_tables"] = d / "page.html"
    files["no_tables"].write_text("<html><head><title>通知</title></head><body><div id='nav'>"
                                  "首页</div><p>关于开展活动的通知。</p></body></html>", "utf-8")
    files["big"] = d / "big.txt"
    line = ("主动公开政府信息情况 " * 100 + "\n").encode()
    with open(files["big"], "wb") as fh:
        fh.write(line * (50 * 2**20 // len(line)))  # 50 MB of text
    files["missing"] = d / "does-not-exist.docx"
    return files


def test_json_validates_against_the_schema_for_every_fixture(rendered, extract_schema):
    for files in rendered.values():
        for path in files.values():
            result = run_cli("--json", str(path))
            assert result.returncode == 0, result.stderr
            jsonschema.validate(json.loads(result.stdout), extract_schema)


@pytest.mark.parametrize("name", ["empty", "junk", "truncated", "bomb", "entities", "no_tables",
                                  "big", "missing"])
def test_bad_input_gives_one_line_naming_the_file(bad_inputs, name):
    path = bad_inputs[name]
    result = run_cli(str(path), timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"xxgk extract: {path}: ")
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr


def test_one_bad_file_does_not_stop_the_others(bad_inputs, rendered, tmp_path, extract_schema):
    good = [rendered["001"]["docx"], rendered["002"]["html"]]
    result = run_cli("--json", "--out", str(tmp_path), str(good[0]), str(bad_inputs["junk"]),
                     str(good[1]))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["001.json", "002.json"]
    for p in tmp_path.iterdir():
        jsonschema.validate(json.loads(p.read_text("utf-8")), extract_schema)


def test_summary_names_agency_year_format_and_tables(rendered):
    result = run_cli(str(rendered["001"]["html"]))
    assert result.returncode == 0
    out = result.stdout
    assert "威海临港经济技术开发区管理委员会" in out and "2021" in out
    assert "applications: 25 rows" in out and "review_litigation: 3 rows" in out


def test_usage_errors_exit_2(rendered):
    assert run_cli().returncode == 2
    two = [str(rendered["001"]["text"]), str(rendered["002"]["text"])]
    assert run_cli("--json", *two).returncode == 2
