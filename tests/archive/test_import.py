"""`xxgk import` (issue 17 case 9): size judged before reading, bodies streamed into the store,
exit 1 when any file failed, the good files archived all the same, and a rerun that does not
crash. Real SQLite archive, real extractor, the seeds and replica/nonreports.py as inputs."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
from click.testing import CliRunner

from archive.imports import ImportRefused, check_importable, import_file
from archive.rawstore import BodyTooLarge
from replica.nonreports import disclosure_guide, notice_about_reports
from xxgk.cli import cli


def _leftovers(archive) -> list[str]:
    return [p.name for p in archive.files_dir.rglob("*") if p.is_file()] \
        if archive.files_dir.exists() else []


def test_a_file_over_the_limit_is_refused_from_its_size_alone(archive, tmp_path):
    big = tmp_path / "huge.pdf"
    with open(big, "wb") as fh:  # sparse: 2 GiB that take no disk, and no time unless read
        fh.truncate(2 * 2**30)
    with pytest.raises(ImportRefused) as error:
        import_file(archive.db, archive.raw, big, max_bytes=60 * 2**20)
    assert str(error.value) == (f"{big}: file is 2048.0 MB, over the 60.0 MB limit "
                                f"([extract] max_file_mb); not read")
    assert _leftovers(archive) == [] and archive.db["captures"].count == 0


@pytest.mark.parametrize("make, reason", [
    (lambda p: p.mkdir(), "is a folder, not a file"),
    (lambda p: p.write_bytes(b""), "empty file"),
    (lambda p: os.mkfifo(p), "not a regular file"),
    (lambda p: None, "no such file"),
])
def test_what_is_not_a_file_is_named(tmp_path, make, reason):
    path = tmp_path / "input"
    make(path)
    with pytest.raises(ImportRefused, match=f"^{path}: {reason}$"):
        check_importable(path, 2**20)


def test_bodies_are_streamed_in_chunks_and_a_growing_file_leaves_nothing(archive):
    data = os.urandom(300_000)
    sha, size = archive.raw.store_stream(io.BytesIO(data), chunk=4096)
    assert (sha, size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert archive.raw.read_body(sha) == data
    again = archive.raw.store_stream(io.BytesIO(data), chunk=65536)
    assert again == (sha, size) and len(_leftovers(archive)) == 1
    with pytest.raises(BodyTooLarge):
        archive.raw.store_stream(io.BytesIO(os.urandom(50_000)), max_bytes=40_000, chunk=8192)
    assert len(_leftovers(archive)) == 1  # the partial copy was removed


def test_import_exits_1_when_any_file_failed_and_keeps_the_rest(archive, tmp_path, seed_paths):
    notice = tmp_path / "notice.txt"
    notice.write_text(notice_about_reports(2023, "威海市人民政府办公室"), encoding="utf-8")
    guide = tmp_path / "guide.txt"
    guide.write_text(disclosure_guide("威海市文登区人民政府", 2023), encoding="utf-8")
    junk = tmp_path / "damaged.docx"
    junk.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    seed = seed_paths[1]
    args = ["import", str(notice), str(seed), str(guide), str(junk), str(tmp_path / "absent.pdf"),
            "--config", str(archive.config_file)]
    runner = CliRunner()
    result = runner.invoke(cli, args)
    assert result.exit_code == 1, result.output
    out = result.output
    assert f"error: {notice}: not archived as a report: not an annual report" in out
    assert f"error: {guide}: not archived as a report: not an annual report" in out
    assert f"error: {junk}: not archived as a report:" in out
    assert f"error: {tmp_path / 'absent.pdf'}: no such file" in out
    assert "import: 4 of 5 file(s) failed" in out and "internal error" not in out
    assert [r[0] for r in archive.db.execute("SELECT source_path FROM reports")] == [str(seed)]
    rerun = runner.invoke(cli, args)
    assert rerun.exit_code == 1 and "import: 4 of 5 file(s) failed" in rerun.output
    assert rerun.exception is None or isinstance(rerun.exception, SystemExit)
    assert archive.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 1


def test_every_file_failing_exits_1(archive, tmp_path):
    guide = tmp_path / "guide.html"
    guide.write_text(f"<html><body><p>{disclosure_guide('威海市人民政府', 2022)}</p></body></html>",
                     encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(guide), "--config", str(archive.config_file)])
    assert result.exit_code == 1 and "import: 1 of 1 file(s) failed" in result.output
    assert archive.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 0
