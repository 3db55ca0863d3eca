"""Refresh tokens are encrypted before they reach the database.

A stolen database file (or its WAL) without the key gives away no Hub access.
The key comes from `Settings.token_key`, else from `token.key` in the data
folder, created readable by the owner only. AES-256-GCM with the row's identity
as associated data, so a ciphertext moved to another row does not decrypt.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import logging
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bot.settings import Settings

log = logging.getLogger(__name__)

KEY_FILE_NAME = "token.key"
KEY_BYTES = 32
_VERSION = 1
_NONCE_BYTES = 12
_KEY_ID_BYTES = 4
_HEADER_BYTES = 1 + _KEY_ID_BYTES + _NONCE_BYTES


class TokenKeyError(ValueError):
    """The configured key is unusable (wrong length or not base64)."""


class TokenDecryptError(ValueError):
    """A ciphertext that this key cannot open: another key, another row, or damage."""


def decode_key(text: str) -> bytes:
    """A url-safe base64 key of 32 bytes (a Fernet key has this form too)."""
    cleaned = text.strip()
    padded = cleaned + "=" * (-len(cleaned) % 4)
    try:
        key = base64.urlsafe_b64decode(padded.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise TokenKeyError("token key is not url-safe base64") from exc
    if len(key) != KEY_BYTES:
        raise TokenKeyError(f"token key must be {KEY_BYTES} bytes, got {len(key)}")
    return key


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode("ascii")


def generate_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def load_or_create_key_file(path: Path) -> bytes:
    """Read the key file, or create it owner-only (0600) if it does not exist yet.

    Two processes starting at once must end with one key: the new key is written
    to a private temporary file and hard-linked into place, which fails if the
    other process got there first.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(encode_key(generate_key()) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("token key file %s was readable by others (mode %o); set to 0600", path, mode)
        path.chmod(0o600)
    return decode_key(path.read_text(encoding="ascii"))


def load_token_key(settings: Settings) -> bytes:
    if settings.token_key:
        return decode_key(settings.token_key)
    return load_or_create_key_file(settings.data_dir / KEY_FILE_NAME)


class TokenCipher:
    """Encrypts short secrets bound to a context (the row they belong to)."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise TokenKeyError(f"token key must be {KEY_BYTES} bytes")
        self._aead = AESGCM(key)
        # Lets a wrong key be told apart from a damaged ciphertext.
        self._key_id = hashlib.sha256(b"hubbot-token-key" + key).digest()[:_KEY_ID_BYTES]
        self._digest_key = hmac.new(key, b"hubbot-digest-key", "sha256").digest()

    @classmethod
    def from_settings(cls, settings: Settings) -> TokenCipher:
        return cls(load_token_key(settings))

    def digest(self, text: str, context: bytes) -> str:
        """A keyed hash: a stolen database alone cannot test guesses of a short code."""
        return hmac.new(
            self._digest_key, context + b"\0" + text.encode("utf-8"), "sha256"
        ).hexdigest()

    def encrypt(self, plaintext: str, context: bytes) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        header = bytes([_VERSION]) + self._key_id + nonce
        return header + self._aead.encrypt(nonce, plaintext.encode("utf-8"), header + context)

    def decrypt(self, blob: bytes, context: bytes) -> str:
        if len(blob) <= _HEADER_BYTES or blob[0] != _VERSION:
            raise TokenDecryptError("not a token ciphertext")
        header = blob[:_HEADER_BYTES]
        if header[1 : 1 + _KEY_ID_BYTES] != self._key_id:
            raise TokenDecryptError("token was encrypted with another key")
        nonce = header[1 + _KEY_ID_BYTES :]
        try:
            plain = self._aead.decrypt(nonce, blob[_HEADER_BYTES:], header + context)
        except InvalidTag as exc:
            raise TokenDecryptError("token ciphertext does not verify") from exc
        return plain.decode("utf-8")
