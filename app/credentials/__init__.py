"""Verifiable credentials: Open Badges 3.0 with Data Integrity proofs (eddsa-rdfc-2022) or VC-JWT.

The core (``jsonld``, ``keys``, ``data_integrity``, ``jwt``) is plain functions without Flask; the
verifier (``verify``) checks any Open Badges 3.0 credential, ours and others'.
"""
