"""Fields encrypted at rest with Fernet (AES-128-CBC + HMAC-SHA256).

Keys come from ``settings.WASPADA_FIELD_KEYS`` (Fernet keys, newest first): the newest
encrypts, every key decrypts, so a key is rotated by putting a new one in front and
re-saving the rows (``rotate()``). With no key set (embedded profile only) one key is derived
from ``SECRET_KEY`` with HKDF.

The database column holds only the Fernet token (ASCII text), never the plaintext.
"""

import base64
import functools
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@functools.lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    if not keys:
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=b"waspada-field-keys", info=b"fernet"
        ).derive(secret_key.encode())
        keys = (base64.urlsafe_b64encode(derived).decode(),)
    try:
        return MultiFernet([Fernet(k) for k in keys])
    except ValueError as e:
        raise ImproperlyConfigured(f"WASPADA_FIELD_KEYS: not a Fernet key ({e})") from e


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.WASPADA_FIELD_KEYS), settings.SECRET_KEY)


def encrypt(data: bytes) -> str:
    return fernet().encrypt(data).decode("ascii")


def decrypt(token: str | bytes) -> bytes:
    if isinstance(token, str):
        token = token.encode("ascii")
    try:
        return fernet().decrypt(token)
    except InvalidToken as e:
        raise ValueError("cannot decrypt: wrong key or damaged value") from e


def rotate(token: str) -> str:
    """Re-encrypt ``token`` with the newest key."""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


class _EncryptedField(models.TextField):  # type: ignore[type-arg]
    """Base: subclasses say how a Python value becomes bytes and back."""

    def to_bytes(self, value: Any) -> bytes:
        raise NotImplementedError

    def from_bytes(self, data: bytes) -> Any:
        raise NotImplementedError

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return encrypt(self.to_bytes(value))

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self.from_bytes(decrypt(value))

    def get_internal_type(self) -> str:
        return "TextField"


class EncryptedTextField(_EncryptedField):
    def to_bytes(self, value: Any) -> bytes:
        return str(value).encode("utf-8")

    def from_bytes(self, data: bytes) -> str:
        return data.decode("utf-8")

    def to_python(self, value: Any) -> str | None:
        return value if value is None else str(value)


class EncryptedJSONField(_EncryptedField):
    """A JSON-serialisable value (dict, list, str, number), encrypted as one token."""

    def to_bytes(self, value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")

    def from_bytes(self, data: bytes) -> Any:
        return json.loads(data)

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj))


class EncryptedBinaryField(_EncryptedField):
    """Bytes kept exactly as given (raw payloads), encrypted."""

    def to_bytes(self, value: Any) -> bytes:
        if isinstance(value, memoryview):
            return value.tobytes()
        if isinstance(value, str):
            return value.encode("utf-8")
        return bytes(value)

    def from_bytes(self, data: bytes) -> bytes:
        return data

    def to_python(self, value: Any) -> Any:
        return value


def rotate_all(chunk_size: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted column of every model with the newest key.

    Run after putting a new key first in WASPADA_FIELD_KEYS; then the old keys can go.
    Returns the number of rows rewritten per model.
    """
    from django.apps import apps

    done = {}
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, _EncryptedField)]
        if not names:
            continue
        rows = model._base_manager.values_list("pk", *names).iterator(chunk_size=chunk_size)
        count = 0
        for pk, *values in rows:
            model._base_manager.filter(pk=pk).update(**dict(zip(names, values, strict=True)))
            count += 1
        done[model._meta.label] = count
    return done
