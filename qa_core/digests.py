"""BLAKE2b without loading OpenSSL.

`import hashlib` loads `_hashlib`, the binding to OpenSSL's libcrypto (~2.5 ms of every
start-up), even for BLAKE2b, which hashlib never takes from OpenSSL: `hashlib.blake2b`
is `_blake2.blake2b`, CPython's own implementation. Importing it from there gives the
same function without the rest (tests/test_startup.py checks it is hashlib's). The
cache names its entries and the consistency check hashes its texts with it; SHA-256
(findings' fingerprints) still comes from hashlib, imported on the first finding.
"""

from __future__ import annotations

__all__ = ["blake2b"]

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without CPython's module
    from hashlib import blake2b
