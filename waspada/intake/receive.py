"""From a channel's draft to a stored report and an answer: the path every channel shares."""

import json

from django.conf import settings

from waspada.lib import crypto
from waspada.lib.queue import enqueue_on_commit

from .channels import REGISTRY, InboundChannel, Outcome
from .drafts import Draft, DraftError, validate
from .services import store


def receive(channel: str | InboundChannel, draft: Draft) -> Outcome:
    """Answer a command, or check and store ``draft``; queue the receipt to the sender.

    Messages from the field are never refused for a detail: a location outside Indonesia, an
    unknown code or a file of the wrong type is dropped from the report (and the sender is
    told); the message itself is stored.
    """
    channel = REGISTRY[channel] if isinstance(channel, str) else channel
    outcome = Outcome(draft=draft)
    answer = channel.command(draft)
    if answer is not None:
        outcome.answer = answer
        if channel.answers_by_send and draft.reply_to and channel.can_send():
            from .tasks import send_answer

            sealed = crypto.encrypt(json.dumps(draft.reply_to).encode())
            enqueue_on_commit(send_answer, channel.name, sealed, answer)
        return outcome
    _validate_leniently(draft, outcome)
    stored = store(draft)
    outcome.report, outcome.created, outcome.followup = (
        stored.report,
        stored.created,
        stored.followup,
    )
    answer = channel.answers_by_send and channel.can_send() and stored.report.reply_to
    if answer and not stored.repeat:
        from .tasks import answer_reporter

        text = " ".join([channel.receipt(outcome), *outcome.notes])
        enqueue_on_commit(answer_reporter, stored.report.pk, text)
    return outcome


def _validate_leniently(draft: Draft, outcome: Outcome) -> None:
    for _attempt in range(6):
        try:
            validate(draft, require_text=False)
            return
        except DraftError as e:
            outcome.notes.append(e.message)
            if e.field == "location":
                draft.lat = draft.lon = None
            elif e.field == "attachments":
                draft.uploads = []
            elif e.field == "area":
                draft.area_code = ""
                draft.area = None
            elif e.field == "occurred_at":
                draft.occurred_at = None
            elif e.field == "text":
                draft.text = draft.text[: settings.WASPADA_INTAKE_MAX_TEXT_CHARS]
            elif e.field == "title":
                draft.title = draft.title[:200]
            elif e.field == "place_text":
                draft.place_text = draft.place_text[:300]
            else:
                raise
    validate(draft, require_text=False)
