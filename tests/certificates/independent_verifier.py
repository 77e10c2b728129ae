"""An eddsa-rdfc-2022 verifier written for the tests from the W3C specifications.

It shares no code with Harbour's signer: its own base58btc, its own reading of
the pinned context files, its own hashing order (Data Integrity EdDSA
Cryptosuites v1.0, section 3.3: proof-options hash, then document hash) and
its own Multikey decoding (0xed 0x01 then the 32-byte key). Only RDF dataset
canonicalisation comes from pyld, since writing RDFC-1.0 again is not the
point of the check.
"""

import hashlib
import json
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld import jsonld

CONTEXTS = (
    Path(__file__).resolve().parents[2] / "certificates" / "credentials" / "contexts"
)
URLS = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-context-3.0.3.jsonld",
}
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _loader(url, options=None):
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads((CONTEXTS / URLS[url]).read_text()),
    }


def b58decode(text: str) -> bytes:
    n = 0
    for c in text:
        n = n * 58 + B58.index(c)
    pad = len(text) - len(text.lstrip("1"))
    return b"\x00" * pad + (n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b"")


def _c14n(doc: dict) -> bytes:
    return jsonld.normalize(
        doc,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": _loader,
        },
    ).encode("utf-8")


def public_key_from_did_document(
    did_document: dict, method_id: str
) -> Ed25519PublicKey:
    method = next(m for m in did_document["verificationMethod"] if m["id"] == method_id)
    assert method_id in did_document["assertionMethod"]
    raw = b58decode(method["publicKeyMultibase"][1:])
    assert method["publicKeyMultibase"][0] == "z" and raw[:2] == b"\xed\x01"
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def verify(credential: dict, did_document: dict) -> bool:
    """True when the credential's eddsa-rdfc-2022 proof holds."""
    proof = dict(credential["proof"])
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    signature = b58decode(proof.pop("proofValue")[1:])
    proof["@context"] = credential["@context"]
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    data = (
        hashlib.sha256(_c14n(proof)).digest()
        + hashlib.sha256(_c14n(unsecured)).digest()
    )
    key = public_key_from_did_document(did_document, proof["verificationMethod"])
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True
