"""Damaged and hostile ZIP packages (DOCX): the ways real files and attackers break them."""

from __future__ import annotations

import io
import random
import struct
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                  '2006/content-types"><Override PartName="/word/document.xml" ContentType="'
                  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main'
                  '+xml"/></Types>')


def truncated(data: bytes, rng: random.Random) -> bytes:
    """Cut like an interrupted download: anywhere, often inside a member's deflate data."""
    return data[:rng.randrange(1, len(data))]


def bit_flipped(data: bytes, rng: random.Random, flips: int) -> bytes:
    out = bytearray(data)
    for _ in range(flips):
        at = rng.randrange(len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def corrupt_member(data: bytes, rng: random.Random, name: str = "word/document.xml") -> bytes:
    """Overwrite bytes inside one member's compressed data (directory intact, CRC stale): the
    zlib ``Error -3 while decompressing`` a damaged disk or transfer gives."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    out = bytearray(data)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(8):
        out[start + 2 + (k * 97 + rng.randrange(40)) % max(1, info.compress_size - 4)] ^= 0xFF
    return bytes(out)


def package(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buf.getvalue()


def document_xml(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
            f'{body}</w:body></w:document>').encode()


def minimal_docx(document: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    return package({"[Content_Types].xml": _CONTENT_TYPES.encode(),
                    "word/document.xml": document, **(extra or {})})


def deflate_bomb(megabytes: int) -> bytes:
    """word/document.xml inflating to ``megabytes`` MB of spaces (ratio ≈ 1000:1)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(f'<w:document xmlns:w="{W_NS}"><w:body>'.encode())
            for _ in range(megabytes):
                member.write(b" " * 2**20)
            member.write(b"</w:body></w:document>")
    return buf.getvalue()


def lying_directory(megabytes: int) -> bytes:
    """A deflate bomb whose directory claims a small, plausible size: only bounded reads stop it."""
    data = bytearray(deflate_bomb(megabytes))
    fake = 4096
    # the central directory entry (its zip64 extra holds the real sizes: rewritten too)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len, extra_len = struct.unpack("<HH", data[at + 28:at + 32])
        name = bytes(data[at + 46:at + 46 + name_len])
        if name == b"word/document.xml":
            data[at + 24:at + 28] = struct.pack("<I", fake)
            extra = at + 46 + name_len
            end = extra + extra_len
            while extra < end:
                tag, size = struct.unpack("<HH", data[extra:extra + 4])
                if tag == 1:  # zip64: uncompressed size first
                    data[extra + 4:extra + 12] = struct.pack("<Q", fake)
                extra += 4 + size
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def many_members(count: int) -> bytes:
    members = {f"word/media/image{i}.png": b"" for i in range(count)}
    return minimal_docx(document_xml("<w:p><w:r><w:t>x</w:t></w:r></w:p>"), members)


def encrypted_member(docx: bytes) -> bytes:
    """Set the 'encrypted' flag on every member, as a password-protected ZIP has it."""
    data = bytearray(docx)
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            flags = struct.unpack("<H", data[at + flag_at:at + flag_at + 2])[0]
            data[at + flag_at:at + flag_at + 2] = struct.pack("<H", flags | 1)
            at = data.find(signature, at + 4)
    return bytes(data)


def billion_laughs(levels: int = 9) -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, levels + 1))
    return (f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]><w:document xmlns:w="'
            f'{W_NS}"><w:body><w:p><w:r><w:t>&lol{levels};</w:t></w:r></w:p></w:body>'
            '</w:document>').encode()


def external_entity(target: str = "file:///etc/passwd") -> bytes:
    return (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "{target}">]>'
            f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
            '</w:body></w:document>').encode()


def span_table_xml(rows: int, cells: int, span: int, vmerge: bool) -> bytes:
    cell_pr = f'<w:tcPr><w:gridSpan w:val="{span}"/>' + ('<w:vMerge/>' if vmerge else "") + \
        "</w:tcPr>"
    row = "<w:tr>" + f"<w:tc>{cell_pr}<w:p/></w:tc>" * cells + "</w:tr>"
    return document_xml("<w:tbl>" + row * rows + "</w:tbl>")


def deep_xml(depth: int) -> bytes:
    return document_xml("<w:sdt><w:sdtContent>" * depth + "<w:p/>" +
                        "</w:sdtContent></w:sdt>" * depth)


def raw_deflate_garbage(rng: random.Random, size: int) -> bytes:
    """A member whose deflate data is random bytes (zlib raises ``invalid block type``)."""
    blob = bytes(rng.randrange(256) for _ in range(size))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("word/document.xml", b"x" * size)
    data = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    n = min(info.compress_size, len(blob))
    data[start:start + n] = blob[:n]
    return bytes(data)


def stored_crc_mismatch(docx: bytes) -> bytes:
    """Re-store every member uncompressed, then damage document.xml so its CRC fails."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    data = bytearray(package(members, compression=zipfile.ZIP_STORED))
    at = data.find(b"<w:body>")
    if at > 0:
        data[at + 1] = ord("W")
    return bytes(data)


