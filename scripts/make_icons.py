#!/usr/bin/env python3
"""Draw the Nhiệm Vụ application icons (standard library only).

The emblem: a red rounded square with a yellow five-pointed star above a yellow check
mark. Writes icons/32x32.png, 128x128.png, 128x128@2x.png, icon.png (512) and icon.ico
(PNG-compressed entries 16–256), all RGBA. Run from anywhere:

    python3 scripts/make_icons.py
"""

import math
import struct
import zlib
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "icons"

RED = (218, 37, 29)
YELLOW = (255, 205, 0)
SUPERSAMPLE = 4  # samples per axis per pixel, for smooth edges


def star_polygon(cx, cy, r_outer, r_inner):
    pts = []
    for k in range(10):
        r = r_outer if k % 2 == 0 else r_inner
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def inside_polygon(x, y, pts):
    """Even-odd rule."""
    inside = False
    n = len(pts)
    for i in range(n):
        x1, y1 = pts[i]
        x2, y2 = pts[(i + 1) % n]
        if (y1 > y) != (y2 > y):
            xc = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < xc:
                inside = not inside
    return inside


def dist_to_segment(x, y, a, b):
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    px, py = ax + t * dx, ay + t * dy
    return math.hypot(x - px, y - py)


def inside_rounded_square(x, y, margin, radius):
    lo, hi = margin, 1.0 - margin
    if not (lo <= x <= hi and lo <= y <= hi):
        return False
    cx = min(max(x, lo + radius), hi - radius)
    cy = min(max(y, lo + radius), hi - radius)
    return math.hypot(x - cx, y - cy) <= radius


# The emblem in unit coordinates (0..1, y down).
STAR = star_polygon(0.5, 0.33, 0.21, 0.085)
CHECK = [(0.27, 0.68), (0.42, 0.81), (0.74, 0.56)]
CHECK_HALF_WIDTH = 0.05


def sample(x, y):
    """Colour (r, g, b) or None for transparent at a unit-square point."""
    if not inside_rounded_square(x, y, 0.03, 0.16):
        return None
    if inside_polygon(x, y, STAR):
        return YELLOW
    if (
        dist_to_segment(x, y, CHECK[0], CHECK[1]) <= CHECK_HALF_WIDTH
        or dist_to_segment(x, y, CHECK[1], CHECK[2]) <= CHECK_HALF_WIDTH
    ):
        return YELLOW
    return RED


def render(size):
    rows = []
    n = SUPERSAMPLE
    for py in range(size):
        row = bytearray()
        for px in range(size):
            r = g = b = a = 0
            for sy in range(n):
                for sx in range(n):
                    c = sample((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)
                    if c is not None:
                        r += c[0]
                        g += c[1]
                        b += c[2]
                        a += 1
            if a:
                row += bytes((r // a, g // a, b // a, 255 * a // (n * n)))
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return rows


def png(size, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\0" + row for row in rows)  # filter type 0 on each scanline
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico(images):
    """ICO container with PNG entries: [(size, png_bytes)]."""
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    data = b""
    for size, blob in images:
        dim = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        data += blob
    return out + data


def main():
    ICONS.mkdir(exist_ok=True)
    cache = {}

    def get(size):
        if size not in cache:
            cache[size] = png(size, render(size))
        return cache[size]

    outputs = {"32x32.png": 32, "128x128.png": 128, "128x128@2x.png": 256, "icon.png": 512}
    for name, size in outputs.items():
        (ICONS / name).write_bytes(get(size))
        print(f"icons/{name} ({size}x{size})")
    (ICONS / "icon.ico").write_bytes(ico([(s, get(s)) for s in (16, 32, 48, 64, 128, 256)]))
    print("icons/icon.ico (16-256)")


if __name__ == "__main__":
    main()
