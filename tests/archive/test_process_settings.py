"""Issue 17 case 7: `xxgk import` and `xxgk process` honour [extract] (one configuration
path), and issue 12 item 4: progress lines when stderr is not a terminal."""

from __future__ import annotations

import io
import re

from click.testing import CliRunner

from replica.generate import generate_reports
from replica.render import render_html_page
from xxgk.cli import cli
from xxgk.progress import Progress


def test_import_and_process_honour_extract_settings(archive, tmp_path):
    with open(archive.config_file, "a", encoding="utf-8") as fh:
        fh.write("[extract]\nocr = false\nmax_file_mb = 1\n[process]\nworkers = 1\n")
    specs = generate_reports(2, seed=12)
    small, big = tmp_path / "small.html", tmp_path / "big.html"
    small.write_bytes(render_html_page(specs[0], portal_style="wendeng", charset="utf-8"))
    page = render_html_page(specs[1], portal_style="wendeng", charset="utf-8")
    assert b"</body>" in page
    big.write_bytes(page.replace(b"</body>", b"<!--" + b" " * (3 * 2**19) + b"--></body>"))
    result = CliRunner().invoke(cli, ["import", str(small), str(big), "--config",
                                      str(archive.config_file)])
    assert result.exit_code == 1, result.output  # one file refused
    # max_file_mb: judged from the file's size before it is read, so nothing of it is archived
    assert re.search(rf"error: {re.escape(str(big))}: file is 1\.\d MB, over the 1\.0 MB limit",
                     result.stderr), result.stderr
    rows = dict(archive.db.execute("SELECT url, outcome || ' ' || COALESCE(error, '') || ' ' || "
                                   "extractor_version FROM documents"))
    assert list(rows) == [small.resolve().as_uri()]
    assert rows[small.resolve().as_uri()].startswith("report  ")
    assert rows[small.resolve().as_uri()].endswith("+no-ocr")  # read again once OCR is on
    assert "processing: 1/1 documents" in result.stderr
    assert "1 new reports" in result.output

    again = CliRunner().invoke(cli, ["process", "--config", str(archive.config_file)])
    assert "1 unchanged" in again.output and "0 errors" in again.output


def test_progress_lines_say_done_total_rate_and_eta():
    out = io.StringIO()
    progress = Progress("processing", interval=1e-9, stream=out, bar=False)
    for done in (1, 2, 3):
        progress(done, 10)
    progress.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("processing: 1/10 documents, ") and "/s, " in lines[0]
    assert "ETA " in lines[2] and lines[3].startswith("processing: 3/10 documents")
