"""A PDF's pages → one block list: tables and paragraphs cut by page breaks joined again."""

from __future__ import annotations

import re

from pipeline.document import Paragraph, TableBlock, TextTableBlock
from pipeline.readers.pdf_grid import Fragment, aligned, continues, join_fragments
from pipeline.readers.pdf_positions import PositionalTable

#: a numbered heading or list item starts a paragraph of its own
HEADING = re.compile(r"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])")


def join_pages(pages: list[list], open_ends: dict[int, bool]) -> list:
    """Flatten pages to blocks. A table whose page ends with it continues into a table with
    matching columns that starts the next page (header repeated or not); a paragraph running to
    the bottom margin continues into a flush, unnumbered paragraph starting the next page."""
    blocks: list = []
    for number, page_blocks in enumerate(pages, start=1):
        for i, block in enumerate(page_blocks):
            prev = blocks[-1] if blocks else None
            pair = aligned(prev, block) if i == 0 and isinstance(block, Fragment) \
                and isinstance(prev, Fragment) and continues(prev, block) else None
            if pair is not None:
                blocks[-1] = join_fragments(*pair)
            elif i == 0 and isinstance(block, PositionalTable) and isinstance(prev, PositionalTable):
                prev.extend(block)  # an unruled table read by position going on
            elif i == 0 and isinstance(block, TextTableBlock) and isinstance(prev, PositionalTable) \
                    and prev.grid() is None:
                # a header whose rows are not laid out side by side: all of it is table text
                blocks[-1] = TextTableBlock(prev.text_lines() + block.lines,
                                            locator=f"pdf:p{prev.page}")
            elif i == 0 and isinstance(block, TextTableBlock) and isinstance(prev, TextTableBlock):
                prev.lines += block.lines  # an unruled table going on over the page break
            elif i == 0 and isinstance(block, Paragraph) and isinstance(prev, Paragraph) \
                    and open_ends.get(number - 1) and not HEADING.match(block.text):
                prev.text += block.text
            else:
                blocks.append(block)
    out = []
    for block in blocks:
        if isinstance(block, Fragment):
            out.append(TableBlock(block.grid))
        elif isinstance(block, PositionalTable):
            grid = block.grid()
            # a table header never followed by rows read by position is table text
            out.append(TableBlock(grid) if grid is not None
                       else TextTableBlock(block.text_lines(), locator=f"pdf:p{block.page}"))
        else:
            out.append(block)
    return out
