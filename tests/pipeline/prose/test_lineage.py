"""Template lineage (H-02 input) and copied text (S-11)."""

from __future__ import annotations

from pipeline.checks.cross import duplicate_checks
from pipeline.checks.lineage import similarity, similarity_check, template_ids


def test_template_ids_of_the_seeds(seed_paths, seeds):
    ids = {p.name[:3]: template_ids(p.read_bytes()) for p in seed_paths}
    assert len(ids["001"] & ids["004"]) == 10  # report-format.md §7: ten shared _Hlk ids
    assert ids["000"] & ids["001"] == {"_Hlk89165240"}
    assert ids["002"] == set()
    shared = len(ids["001"] & ids["004"])
    h02 = duplicate_checks(seeds["001"].report, seeds["004"].report, shared)
    assert [(c.id, c.status) for c in h02] == [("H-02", "info")]


def test_template_ids_in_docx(seeds):
    from replica.render import render_docx
    from replica.seeds import load_seed
    spec = load_seed(seeds["001"].report.source.path)
    assert spec.layout.bookmarks
    ids = template_ids(render_docx(spec))
    assert ids and all(i.startswith("_Hlk") for i in ids)
    spec.layout.bookmarks = False
    assert template_ids(render_docx(spec)) == set()
    assert template_ids(b"PK not a zip") == set()


def test_similarity(seed_paths):
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in seed_paths}
    assert similarity(texts["001"], texts["001"].replace("2021", "2022")) == 1.0
    assert similarity(texts["000"], texts["002"]) < 0.3
    copied = similarity_check(texts["004"], texts["004"].replace("蔄山镇", "某镇"), "蔄山镇 2023")
    assert copied.status == "info" and copied.actual > 0.6
    assert similarity_check(texts["000"], texts["002"], "x").status == "pass"
