"""The environment LibreOffice converts in: its own HOME, and fonts that need no fallback.

Writing a DOCX makes Writer lay the document out (the export asks for its page count), and
every run of Chinese text in a font without Chinese glyphs (the Times New Roman or 宋体 a DOC
names, substituted by a Latin font here) sends LibreOffice to fontconfig for a glyph-fallback
font, which it does not keep: measured on the replica's 15 DOC/WPS, 0.62 CPU s a file of
which most was fontconfig, against 0.08 s for a text export that needs no layout. A
fontconfig file that includes the machine's own and puts a font with Chinese glyphs first
for every request leaves nothing to fall back from: 0.19 CPU s a file, the same
``word/document.xml`` (only the export's default complex-script font in styles.xml names
the other font). Without any font with Chinese glyphs installed nothing is changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

_cjk_family: list[str | None] = []  # found once per process


def soffice_env(home: Path) -> dict[str, str]:
    """``os.environ`` for a soffice run whose HOME (and fontconfig file) are in ``home``."""
    env = {**os.environ, "HOME": str(home)}
    family = cjk_family()
    if family:
        conf = home / "fonts.conf"
        conf.write_text(fonts_conf(family, os.environ.get("FONTCONFIG_FILE")), encoding="utf-8")
        env["FONTCONFIG_FILE"] = str(conf)
    return env


def fonts_conf(family: str, base: str | None) -> str:
    """The machine's fontconfig (or the one ``$FONTCONFIG_FILE`` names) with ``family``
    first for every pattern."""
    base = base or "/etc/fonts/fonts.conf"
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            "<fontconfig>\n"
            f'  <include ignore_missing="yes">{escape(base)}</include>\n'
            '  <match target="pattern">\n'
            '    <edit name="family" mode="prepend" binding="strong">'
            f"<string>{escape(family)}</string></edit>\n"
            "  </match>\n</fontconfig>\n")


def cjk_family() -> str | None:
    """A font family with Chinese glyphs on this machine (by name, the first in order), or
    None (no fc-list, or no such font)."""
    if not _cjk_family:
        _cjk_family.append(_find_cjk_family())
    return _cjk_family[0]


def _find_cjk_family() -> str | None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True,
                             timeout=30, check=False).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return None
    names = sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})
    return names[0] if names else None
