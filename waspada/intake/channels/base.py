"""The one small interface every inbound channel implements.

A channel module defines a subclass of ``InboundChannel`` and registers an instance in
``waspada.intake.channels.REGISTRY`` (see ``__init__.py``). The webhook view does the rest:

    channel.authenticate(request)          # raise Rejected(401/403): nothing is stored
    drafts = channel.parse(request)        # raise Malformed(400); [] for deliveries to ignore
    ... each draft is checked and stored ...
    return channel.respond(request, outcomes)   # the HTTP answer the service expects

``send(reply_to, text)`` answers a sender later (receipts, status changes) through the
outbound HTTP wrapper; ``fetch_media(ref)`` downloads media the delivery only referred to.
A channel whose credentials are missing is disabled: its webhook answers 404.
"""

from dataclasses import dataclass, field

from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse

from ..drafts import Draft


class Rejected(Exception):
    """The request is not from the service (bad signature, secret or token)."""

    def __init__(self, message: str = "forbidden", status: int = 403):
        super().__init__(message)
        self.status = status


class Malformed(Exception):
    """The request cannot be read (broken JSON, missing fields)."""


@dataclass
class Outcome:
    """What became of one draft: the report (new or seen before) and what to tell the sender."""

    draft: Draft
    report: object = None
    created: bool = False
    followup: bool = False
    answer: str = ""  # the text to send back; set by the webhook view
    notes: list[str] = field(default_factory=list)


class InboundChannel:
    name: str = ""
    webhook: bool = True  # has a webhook URL /masuk/<name>/
    # Receipts sent with send() by the worker (True) or in the HTTP response (False).
    answers_by_send: bool = True

    def enabled(self) -> bool:
        """Whether the credentials this channel needs are configured."""
        return True

    def handshake(self, request) -> HttpResponse:
        """Answer a GET on the webhook (verification handshakes); 405 by default."""
        return HttpResponseNotAllowed(["POST"])

    def authenticate(self, request) -> None:
        raise NotImplementedError

    def parse(self, request) -> list[Draft]:
        raise NotImplementedError

    def respond(self, request, outcomes: list[Outcome]) -> HttpResponse:
        return JsonResponse({"ok": True})

    def receipt(self, outcome: Outcome) -> str:
        """The answer to a stored message (sent with send() by the worker)."""
        from ..services import receipt_message

        return receipt_message(outcome.report)

    def can_send(self) -> bool:
        return False

    def send(self, reply_to: dict, text: str) -> None:
        raise NotImplementedError(f"{self.name} cannot send messages")

    def send_update(self, reply_to: dict, text: str, last_inbound) -> bool:
        """An answer that may come long after the reporter's last message (``last_inbound``,
        an aware datetime), such as a status change. False when the channel cannot deliver it
        now; channels without a reply window just send."""
        self.send(reply_to, text)
        return True

    def fetch_media(self, ref: dict) -> tuple[bytes, str]:
        raise NotImplementedError(f"{self.name} has no media to fetch")

    def command(self, draft: Draft) -> str | None:
        """An answer to a message that is a command (help, status query), or None."""
        return None
