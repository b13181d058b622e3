"""Checks that make zip-based formats (DOCX) safe to open: no zip bombs, no absurd archives.

Python's zipfile never inflates a member beyond the size its header declares (it stops and
fails the CRC check), so checking the declared sizes before anything is read bounds memory.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from nianbao.errors import InputError

MAX_MEMBERS = 5000
MAX_MEMBER_BYTES = 128 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
# Text parts compress about tenfold; a part that shrank a hundredfold or more is a bomb once
# it is large enough to matter.
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 8 * 1024 * 1024


def open_zip(data: bytes, source: str) -> zipfile.ZipFile:
    """Open ``data`` as a zip archive after checking its declared sizes.

    Raises :class:`InputError` for a corrupt archive or one that would inflate absurdly.
    """
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise InputError(source, "文件已损坏：压缩包结构无效 (corrupt archive)") from None
    try:
        check_sizes(zf.infolist(), source)
    except InputError:
        zf.close()
        raise
    return zf


def check_sizes(members: list[zipfile.ZipInfo], source: str) -> None:
    """Reject archives with too many members or with members that inflate absurdly."""
    if len(members) > MAX_MEMBERS:
        raise InputError(source, f"压缩包内文件过多：{len(members)} 个 (too many archive members)")
    total = 0
    for m in members:
        if m.flag_bits & 0x1:
            raise InputError(source, "文件已加密，无法读取 (encrypted archive member)")
        size = m.file_size
        total += size
        bomb = size > MAX_MEMBER_BYTES or (size > RATIO_FLOOR_BYTES and size > MAX_RATIO * max(m.compress_size, 1))
        if bomb or total > MAX_TOTAL_BYTES:
            raise InputError(
                source, f"文件解压后异常巨大（{m.filename} 声明 {size} 字节），疑似压缩炸弹，拒绝读取 (zip bomb rejected)"
            )
