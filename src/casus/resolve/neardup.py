"""Near-duplicate documents: wire copies and reposts of one story.

MinHash over word 5-grams, banded for lookup (LSH): two texts whose shingle sets overlap by
about 0.8 or more share at least one band with high probability, so the store finds copies by
band key instead of comparing every pair. Exact copies never get here: their content hash is
their document id.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib

import numpy as np

PERMUTATIONS = 64
BANDS = 16  # 4 rows per band: pairs at Jaccard 0.8 collide in a band with p > 0.99
SHINGLE = 5
DUPLICATE_SIMILARITY = 0.7
_RNG = np.random.default_rng(20220907)  # fixed: signatures must agree across runs and machines
_A = _RNG.integers(1, 2**63, PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
_B = _RNG.integers(0, 2**63, PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> np.ndarray:
    """Word 5-grams hashed with CRC-32: stable across processes (the signatures are stored) and
    several times cheaper than a cryptographic hash; the permutations spread them over 64 bits."""
    words = _WORD.findall(text.lower())
    grams = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    return np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint64, count=len(grams))


def shingle_signature(text: str) -> bytes:
    """The MinHash signature, packed: 64 unsigned 64-bit integers. Multiply-add wraps modulo
    2**64, which is a fine universal-enough hash for this purpose and keeps it vectorised."""
    shingles = _shingles(text)
    with np.errstate(over="ignore"):
        sig = (np.outer(_A, shingles) + _B[:, None]).min(axis=1)
    return sig.astype("<u8").tobytes()


def band_keys(signature: bytes) -> list[str]:
    values = struct.unpack(f"<{PERMUTATIONS}Q", signature)
    rows = PERMUTATIONS // BANDS
    return [
        f"{b}:"
        + hashlib.blake2b(struct.pack(f"<{rows}Q", *values[b * rows : (b + 1) * rows]), digest_size=8).hexdigest()
        for b in range(BANDS)
    ]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets. Compared as arrays: a text
    sharing a band with many stored ones is compared with each, and unpacking both signatures
    into Python integers was most of what that cost."""
    if len(a) != 8 * PERMUTATIONS or len(b) != 8 * PERMUTATIONS:
        raise ValueError(f"a signature is {8 * PERMUTATIONS} bytes, not {len(a)} and {len(b)}")
    return int(np.count_nonzero(np.frombuffer(a, dtype="<u8") == np.frombuffer(b, dtype="<u8"))) / PERMUTATIONS
