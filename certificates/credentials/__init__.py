"""Signed Open Badges 3.0 credentials: contexts, keys, signing, status lists, checks.

Everything here works offline: the JSON-LD contexts are pinned in `contexts/`,
and nothing is ever fetched from the network while signing or verifying.
"""
