"""Write packaging/windows/desk.ico from packaging/linux/desk.svg (the one drawing of the icon).

The .ico is committed; run this again after changing the SVG:
``.venv/bin/python packaging/windows/make_icon.py`` (any platform, no display needed).

Each size (16, 24, 32, 48, 64, 256) is drawn from the SVG by Qt's QSvgRenderer rather than
scaled down from one large picture, so the small ones stay sharp. Qt's own ICO writer stores
a single image, so the container is written here: 256 as PNG (what Windows expects for the
large size, Vista and later) and the others as 32-bit BMP with alpha, which every Windows
reader and resource tool accepts. The result is read back with Qt's ICO reader as a check.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: TID251
from PySide6.QtGui import QGuiApplication, QImage, QImageReader, QPainter  # noqa: TID251
from PySide6.QtSvg import QSvgRenderer  # noqa: TID251

HERE = Path(__file__).resolve().parent
SVG = HERE.parent / "linux" / "desk.svg"
ICO = HERE / "desk.ico"
SIZES = (16, 24, 32, 48, 64, 256)
PNG_FROM = 256  # this size and larger are stored as PNG


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The SVG drawn at size x size, straight (not premultiplied) alpha."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit("make_icon: Qt could not write a PNG")
    buffer.close()
    return bytes(data.data())


def bmp_bytes(image: QImage) -> bytes:
    """An ICO entry's DIB: BITMAPINFOHEADER (height doubled: colour + mask), BGRA rows
    bottom-up, then the 1-bit AND mask (all zero: the alpha channel decides)."""
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in reversed(range(size)):
        # ARGB32 is one 0xAARRGGBB word per pixel: little-endian bytes B, G, R, A.
        line = image.constScanLine(y)
        rows.append(bytes(line)[: size * 4])
    mask_row = ((size + 31) // 32) * 4
    return header + b"".join(rows) + bytes(mask_row * size)


def ico_bytes(images: list[QImage]) -> bytes:
    entries = [png_bytes(i) if i.width() >= PNG_FROM else bmp_bytes(i) for i in images]
    offset = 6 + 16 * len(images)
    directory = struct.pack("<HHH", 0, 1, len(images))
    for image, data in zip(images, entries, strict=True):
        side = image.width() if image.width() < 256 else 0  # 0 means 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return directory + b"".join(entries)


def check(path: Path) -> list[int]:
    """The sizes Qt reads back from the written file."""
    reader = QImageReader(str(path), b"ico")
    sizes = []
    for _ in range(reader.imageCount()):
        image = reader.read()
        if image.isNull():
            raise SystemExit(f"make_icon: Qt cannot read {path}: {reader.errorString()}")
        sizes.append(image.width())
        reader.jumpToNextImage()
    return sorted(sizes)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"make_icon: Qt cannot read {SVG}")
    images = [render(renderer, size) for size in SIZES]
    ICO.write_bytes(ico_bytes(images))
    found = check(ICO)
    if found != sorted(SIZES):
        raise SystemExit(f"make_icon: {ICO} holds sizes {found}, expected {sorted(SIZES)}")
    print(f"{ICO}: sizes {', '.join(map(str, SIZES))}, {ICO.stat().st_size} bytes")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
