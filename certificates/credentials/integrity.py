"""Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite.

The steps follow the W3C "Data Integrity EdDSA Cryptosuites v1.0"
Recommendation: canonicalise the document without its proof and the proof
options with RDFC-1.0, hash each with SHA-256, sign proof-hash || document-hash
with Ed25519, and write the signature as multibase base58btc.
"""

import copy
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.utils.translation import gettext as _
from pyld import jsonld

from . import documents, multibase

CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_TYPE = "DataIntegrityProof"


class ProofError(ValueError):
    """A proof is missing, malformed or does not match the document."""


def canonical_nquads(document: dict) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document, with pinned contexts only."""
    try:
        return jsonld.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": documents.load_document,
                "safe": True,
            },
        )
    except jsonld.JsonLdError as exc:
        cause = exc
        while cause is not None and not isinstance(cause, documents.UnknownContext):
            cause = cause.__cause__ or cause.__context__
        if cause is not None:
            raise ProofError(
                _("The credential uses an unknown context: %(context)s")
                % {"context": cause}
            ) from exc
        raise ProofError(
            _("The credential is not valid JSON-LD: %(problem)s")
            % {"problem": exc.type}
        ) from exc


def _hash_data(document: dict, proof_options: dict) -> bytes:
    options = dict(proof_options)
    options.pop("proofValue", None)
    options["@context"] = document["@context"]
    proof_hash = hashlib.sha256(canonical_nquads(options).encode()).digest()
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    doc_hash = hashlib.sha256(canonical_nquads(unsecured).encode()).digest()
    return proof_hash + doc_hash


def sign(
    document: dict,
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
) -> dict:
    """A copy of the document with an eddsa-rdfc-2022 assertion proof added."""
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signed = copy.deepcopy(document)
    signed.pop("proof", None)
    signature = private_key.sign(_hash_data(signed, proof))
    proof["proofValue"] = multibase.encode_z(signature)
    signed["proof"] = proof
    return signed


@dataclass(frozen=True)
class ProofCheck:
    """What checking a proof found: the key it names, and whether it holds."""

    valid: bool
    verification_method: str
    reason: str = ""


def verify(document: dict, *, resolve_key) -> ProofCheck:
    """Check the document's proof; resolve_key(method_id) -> Ed25519PublicKey or None."""
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        return ProofCheck(False, "", _("The credential carries no signature."))
    method = str(proof.get("verificationMethod", ""))
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return ProofCheck(
            False, method, _("The signature is not an eddsa-rdfc-2022 proof.")
        )
    if proof.get("proofPurpose") != "assertionMethod":
        return ProofCheck(
            False, method, _("The signature was not made to assert a claim.")
        )
    key: Ed25519PublicKey | None = resolve_key(method)
    if key is None:
        return ProofCheck(
            False, method, _("The signing key is not one of the issuer's keys.")
        )
    try:
        signature = multibase.decode_z(str(proof.get("proofValue", "")))
        data = _hash_data(document, proof)
    except (ValueError, ProofError) as exc:
        return ProofCheck(False, method, str(exc))
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return ProofCheck(
            False,
            method,
            _("The signature does not match: the credential was changed."),
        )
    return ProofCheck(True, method)
