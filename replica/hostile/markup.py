"""Hostile HTML and text: span bombs, deep nesting, entity tricks, mixed encodings."""

from __future__ import annotations

import random

_PAGE = '<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head>' \
        '<body><div class="art_con">{body}</div></body></html>'


def page(body: str, *, title: str = "政府信息公开", charset: str = "utf-8") -> str:
    return _PAGE.format(body=body, title=title, charset=charset)


def span_bomb(rows: int, cells: int, colspan: str, rowspan: str) -> bytes:
    """A table of ``rows × cells`` cells each claiming ``colspan``/``rowspan`` (``0`` means
    'to the end' to some browsers, thousands to others)."""
    row = "<tr>" + f'<td colspan="{colspan}" rowspan="{rowspan}">1</td>' * cells + "</tr>"
    return page("<table>" + row * rows + "</table>").encode()


def deep_nesting(tag: str, depth: int) -> bytes:
    inner = "<td>" if tag == "table" else ""
    opening = {"table": "<table><tr><td>", "div": "<div>", "span": "<span>",
               "li": "<ul><li>"}[tag]
    closing = {"table": "</td></tr></table>", "div": "</div>", "span": "</span>",
               "li": "</li></ul>"}[tag]
    return page(opening * depth + inner + "1 2 3" + closing * depth).encode()


def unclosed(tag: str, count: int) -> bytes:
    return page(f"<{tag}>x" * count).encode()


def html_entities(levels: int = 8) -> bytes:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, levels + 1))
    return (f'<?xml version="1.0"?><!DOCTYPE html [{entities}]><html><body><p>&a{levels};'
            '</p></body></html>').encode()


def mixed_encoding(text: str, rng: random.Random) -> bytes:
    """Paragraphs of one report written in different encodings (a page pasted together from
    several sources); the decoder must neither crash nor turn bytes into digits."""
    out = bytearray()
    for paragraph in text.split("\n"):
        encoding = rng.choice(("utf-8", "gb18030", "big5", "utf-16-le", "shift_jis"))
        out += paragraph.encode(encoding, "replace") + b"\n"
    return bytes(out)


def declared_wrong(html: str, declared: str, actual: str) -> bytes:
    body = html.replace('charset="utf-8"', f'charset="{declared}"')
    return body.encode(actual, "replace")


def random_chinese(rng: random.Random, lines: int) -> str:
    return "\n".join("".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(rng.randrange(
        5, 60))) for _ in range(lines))


def number_soup(rng: random.Random, lines: int) -> str:
    """Lines of numbers with no template label: a table nobody can place."""
    return "\n".join(" ".join(str(rng.randrange(1000)) for _ in range(rng.randrange(1, 16)))
                     for _ in range(lines))


#: real-shaped pages that are not annual reports (issue 17's non-report cases)
NON_REPORTS = (
    "关于做好2023年政府信息公开工作年度报告编制发布工作的通知\n各区人民政府、市政府各部门：\n"
    "请于2024年1月31日前发布本机关政府信息公开工作年度报告。\n特此通知。",
    "政府信息公开指南\n一、主动公开\n（一）公开范围\n（二）公开方式\n二、依申请公开\n"
    "（一）申请的提出\n（二）申请的处理\n三、监督和救济",
    "主动公开政府信息情况\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n"
    "行政规范性文件\n行政许可\n行政处罚\n行政强制\n行政事业性收费\n",
)
