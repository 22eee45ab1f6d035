"""config.toml documents the defaults: it must stay identical to xxgk/config.py's DEFAULTS."""

from __future__ import annotations

import tomllib

import pytest

from tests.conftest import REPO
from xxgk.config import DEFAULTS, load_config

#: defaults that config.toml shows only as commented examples (None or empty by design)
COMMENTED = {"crawl.host_map", "portals", "deadlines.township", "deadlines.dev_zone"}


def _flatten(d: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in d.items():
        if isinstance(value, dict) and value:
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def test_config_toml_shows_every_default_with_its_value():
    shipped = _flatten(tomllib.loads((REPO / "config.toml").read_text(encoding="utf-8")))
    defaults = _flatten(DEFAULTS)
    assert set(defaults) - set(shipped) == COMMENTED
    assert set(shipped) <= set(defaults), set(shipped) - set(defaults)
    assert {k: v for k, v in shipped.items()} == {k: defaults[k] for k in shipped}


def test_paths_resolve_against_the_config_file(tmp_path):
    (tmp_path / "c.toml").write_text('[paths]\ndatabase = "x/a.db"\n', encoding="utf-8")
    cfg = load_config(tmp_path / "c.toml")
    assert cfg.path("database") == tmp_path / "x" / "a.db"
    assert cfg.path("warc_dir") == tmp_path / "data" / "warc"


def test_bad_config_names_the_file(tmp_path):
    (tmp_path / "bad.toml").write_text("[paths\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.toml: not valid TOML"):
        load_config(tmp_path / "bad.toml")
    with pytest.raises(FileNotFoundError, match="nope.toml"):
        load_config(tmp_path / "nope.toml")
