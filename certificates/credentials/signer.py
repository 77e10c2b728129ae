"""Signing a batch of credentials beside the page layout, in a second process.

Canonicalising JSON-LD in pure Python costs about 8 ms a credential, as much as
a fifth of laying out the certificates themselves. WeasyPrint's layout does not
need the signatures, only the PDF writing that follows it does, so a batch's
credentials are signed in a helper process while the batch is laid out, and the
signatures are ready when the pages are written. The helper imports only the
signing code (no Django), is started once per process and kept; if it cannot be
started or fails, the batch is signed here instead, so signing never stops
issuing.
"""

import logging
import multiprocessing
import time
from concurrent.futures import Future, ProcessPoolExecutor

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from . import integrity

logger = logging.getLogger(__name__)

_executor: ProcessPoolExecutor | None = None
# Seconds the signing itself took in the last batches (for the benchmark).
stats = {"signing_seconds": 0.0, "credentials": 0}


def _sign_batch(seed: bytes, method: str, created: str, documents: list[dict]):
    started = time.process_time()
    key = Ed25519PrivateKey.from_private_bytes(seed)
    signed = [
        integrity.sign(d, private_key=key, verification_method=method, created=created)
        for d in documents
    ]
    return signed, time.process_time() - started


def _warm() -> bool:
    # Process the pinned contexts once, so the first real batch is quick.
    key = Ed25519PrivateKey.generate()
    integrity.sign(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
        },
        private_key=key,
        verification_method="did:example:warm#key",
        created="2026-01-01T00:00:00Z",
    )
    return True


def _pool() -> ProcessPoolExecutor | None:
    global _executor
    if _executor is None:
        try:
            _executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
            _executor.submit(_warm)
        except (OSError, RuntimeError):
            logger.warning("No signing helper process; signing in this process")
            return None
    return _executor


class PendingBatch:
    """Signatures being made: `result()` gives the signed documents, in order."""

    def __init__(self, future: Future | None, fallback):
        self._future = future
        self._fallback = fallback

    def result(self) -> list[dict]:
        if self._future is not None:
            try:
                signed, seconds = self._future.result(timeout=120)
            except Exception:  # any failure of the helper: sign here instead
                logger.exception("The signing helper failed; signing in this process")
            else:
                stats["signing_seconds"] += seconds
                stats["credentials"] += len(signed)
                return signed
        signed, seconds = self._fallback()
        stats["signing_seconds"] += seconds
        stats["credentials"] += len(signed)
        return signed


def sign_batch(
    documents: list[dict],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    background: bool = True,
) -> PendingBatch:
    """Start signing the documents; the helper process does it when it can."""
    seed = private_key.private_bytes_raw()
    args = (seed, verification_method, created, documents)
    future = None
    if background:
        pool = _pool()
        if pool is not None:
            try:
                future = pool.submit(_sign_batch, *args)
            except RuntimeError:  # a broken pool: start afresh next time
                global _executor
                _executor = None
    return PendingBatch(future, lambda: _sign_batch(*args))
