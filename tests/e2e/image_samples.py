"""Real, decodable JPEG/PNG/WebP-headed files made in the test (never downloaded)."""

import struct
import zlib


def png(width=4, height=3, pad=0, seed=0):
    """A valid PNG (RGB, filter 0 rows) whose pixels vary with seed; `pad` adds a private chunk."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes(((x + y + seed) * 37) % 256 for x in range(width * 3)) for y in range(height))
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    if pad:
        out += chunk(b"pRIv", bytes((seed + i) % 251 for i in range(pad)))
    return out + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def png_header(width, height):
    """Only the signature and IHDR: enough for the service to judge the type and dimensions."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))


# A complete 1x1 baseline JPEG (grey), hand-assembled: SOI, DQT, SOF0, DHT x2, SOS, data, EOI.
_JPEG_1X1 = bytes.fromhex(
    "ffd8ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c28"
    "37292c30313434341f27393d38323c2e333432ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000"
    "000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114"
    "328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758"
    "595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9"
    "bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ff"
    "d9")


def jpeg(width=1, height=1, pad=0, seed=0):
    """The 1x1 JPEG with its frame header set to width x height, and an optional COM segment of padding."""
    data = bytearray(_JPEG_1X1)
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    comments = b""
    while pad > 0:
        size = min(pad, 65533)
        comments += b"\xff\xfe" + struct.pack(">H", size + 2) + bytes((seed + i) % 251 for i in range(size))
        pad -= size
    return bytes(data[:2]) + comments + bytes(data[2:])


def webp(width=2, height=2):
    """A VP8L (lossless) WebP header of the given size."""
    bits = (width - 1) | ((height - 1) << 14)
    payload = b"\x2f" + struct.pack("<I", bits) + b"\x00" * 5
    body = b"WEBP" + b"VP8L" + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", len(body)) + body


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
