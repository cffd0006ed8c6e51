import hashlib
import secrets
import threading
import time

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "wsp_"  # noqa: S105 - a prefix, not a secret


# Tokens looked up in the last few seconds, by hash: the API's hot path skips a joined query.
# revoke() clears the entry here; other processes notice a revocation within CACHE_SECONDS.
CACHE_SECONDS = 10.0
_cache: dict[str, tuple[float, "ApiToken"]] = {}
_cache_lock = threading.Lock()


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at=None)


class ApiToken(models.Model):
    """A secret an integration sends as ``Authorization: Token wsp_…``; only its hash is kept.

    A token acts as its user: the user's role, organisation and area scope decide what it may
    do, through the same policy as the web pages.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the integration's name."),
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("begins with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, user, name: str, *, created_by=None) -> tuple["ApiToken", str]:
        """Create a token; the raw secret is returned once and never stored."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, key_hash=hash_token(raw), hint=raw[:10], created_by=created_by
        )
        return token, raw

    @classmethod
    def lookup(cls, raw: str) -> "ApiToken | None":
        if not raw.startswith(TOKEN_PREFIX):
            return None
        key = hash_token(raw)
        now = time.monotonic()
        with _cache_lock:
            hit = _cache.get(key)
        if hit is not None and now - hit[0] < CACHE_SECONDS:
            return hit[1]
        token = (
            cls.objects.active()
            .select_related("user", "user__organisation")
            .filter(key_hash=key)
            .first()
        )
        with _cache_lock:
            if len(_cache) > 10000:
                _cache.clear()
            if token is None:
                _cache.pop(key, None)
            else:
                _cache[key] = (now, token)
        return token

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
        with _cache_lock:
            _cache.pop(self.key_hash, None)
