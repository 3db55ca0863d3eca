from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.storage.crypto import (
    KEY_FILE_NAME,
    TokenCipher,
    TokenDecryptError,
    TokenKeyError,
    decode_key,
    encode_key,
    generate_key,
    load_or_create_key_file,
    load_token_key,
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_missing_key_file_is_created_owner_only_and_then_reused(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", token_key=None, _env_file=None)
    old_umask = os.umask(0o002)  # a permissive umask must not widen the file
    try:
        key = load_token_key(settings)
    finally:
        os.umask(old_umask)
    path = settings.data_dir / KEY_FILE_NAME
    assert path.exists()
    assert mode(path) == 0o600
    assert len(key) == 32
    assert load_token_key(settings) == key
    assert not [p for p in path.parent.iterdir() if p.name != KEY_FILE_NAME]  # no temp left


def test_key_from_settings_wins_and_no_file_is_written(tmp_path: Path) -> None:
    key = generate_key()
    settings = Settings(data_dir=tmp_path, token_key=encode_key(key), _env_file=None)
    assert load_token_key(settings) == key
    assert not (tmp_path / KEY_FILE_NAME).exists()


def test_key_without_base64_padding_is_accepted() -> None:
    key = generate_key()
    assert decode_key(encode_key(key).rstrip("=")) == key


@pytest.mark.parametrize("text", ["", "not base64 !!", encode_key(b"short")])
def test_unusable_keys_are_refused(text: str) -> None:
    with pytest.raises(TokenKeyError):
        decode_key(text)


def test_a_key_file_readable_by_others_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / KEY_FILE_NAME
    key = generate_key()
    path.write_text(encode_key(key))
    path.chmod(0o644)
    assert load_or_create_key_file(path) == key
    assert mode(path) == 0o600


def test_round_trip_and_fresh_nonce_each_time() -> None:
    cipher = TokenCipher(generate_key())
    first = cipher.encrypt("refresh-abc", b"row:1")
    second = cipher.encrypt("refresh-abc", b"row:1")
    assert first != second
    assert b"refresh-abc" not in first
    assert cipher.decrypt(first, b"row:1") == "refresh-abc"
    assert cipher.decrypt(second, b"row:1") == "refresh-abc"


def test_ciphertext_of_another_row_does_not_decrypt() -> None:
    cipher = TokenCipher(generate_key())
    blob = cipher.encrypt("refresh-abc", b"row:1")
    with pytest.raises(TokenDecryptError, match="verify"):
        cipher.decrypt(blob, b"row:2")


def test_another_key_is_told_apart_from_damage() -> None:
    blob = TokenCipher(generate_key()).encrypt("refresh-abc", b"row:1")
    with pytest.raises(TokenDecryptError, match="another key"):
        TokenCipher(generate_key()).decrypt(blob, b"row:1")


def test_a_flipped_bit_is_detected() -> None:
    cipher = TokenCipher(generate_key())
    blob = bytearray(cipher.encrypt("refresh-abc", b"row:1"))
    blob[-1] ^= 0x01
    with pytest.raises(TokenDecryptError):
        cipher.decrypt(bytes(blob), b"row:1")
    with pytest.raises(TokenDecryptError, match="not a token"):
        cipher.decrypt(b"\x02short", b"row:1")
