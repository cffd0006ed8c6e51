"""The transport contract: one ``Transport`` per outbound service, one method that sends.

A transport gets an ``Outgoing`` (what to send and where) and either returns (delivered, with
the provider's message id when there is one) or raises ``TransportError``. The error says
whether sending the same message again can help (``permanent=False``: a timeout, a refused
connection, an HTTP 5xx or 429) or not (``permanent=True``: a bad address, HTTP 4xx, a
blocked bot). Retrying, recording attempts and disabling channels is the caller's work
(``waspada.alerts.deliver``), never the transport's.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise

from waspada.lib import http


class TransportError(Exception):
    def __init__(self, message: str, *, permanent: bool):
        super().__init__(message)
        self.permanent = permanent

    @classmethod
    def from_http(cls, error: http.HttpError) -> "TransportError":
        return cls(str(error), permanent=error.permanent)


@dataclass
class Outgoing:
    """One message to one address. ``key`` is the same on every attempt of the message."""

    address: str
    subject: str
    text: str
    key: str
    secret: str = ""  # the webhook's signing secret
    html: str = ""
    link: str = ""  # where to act on it (the signed acknowledgement link of an alert)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (label, callback data)
    payload: dict = field(default_factory=dict)  # structured content (the webhook's JSON)


class Transport:
    kind = ""  # the name stored in Channel.kind and Message.kind
    label: str | Promise = ""

    def enabled(self) -> bool:
        """Whether the service is configured (features without credentials are hidden)."""
        return True

    def clean_address(self, address: str) -> str:
        """The address in its stored form; raise ValueError when it can't be one."""
        address = (address or "").strip()
        if not address:
            raise ValueError("an address is required")
        return address

    def notify(self, message: Outgoing) -> str:
        """Send ``message``; return the provider's id (or ""); raise TransportError."""
        raise NotImplementedError

    def post(self, url: str, **kwargs) -> http.Response:
        """POST through the one outbound HTTP wrapper, its errors as TransportError."""
        kwargs.setdefault("timeout", 15)
        try:
            return http.post(url, **kwargs)
        except http.HttpError as e:
            raise TransportError.from_http(e) from e
