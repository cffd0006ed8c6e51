"""What both SMS channels (``twilio``, ``sms_gateway``) share: the structured syntax
(``waspada.intake.sms_syntax``), status queries, the answers."""

from django.utils.translation import gettext as _

from waspada.intake import sms_syntax
from waspada.intake.channels import InboundChannel
from waspada.intake.channels.common import localised
from waspada.intake.drafts import Draft, Raw
from waspada.intake.models import Report


def sms_draft(
    channel: str,
    *,
    sender: str,
    body: str,
    message_id: str,
    raw: Raw,
    extra_reply: dict | None = None,
) -> Draft:
    parsed = sms_syntax.parse(body)
    draft = Draft(
        channel=channel,
        raw=raw,
        text=parsed.text or body.strip(),
        message_id=message_id,
        area_code=parsed.area_code,
        place_text=parsed.place_text,
        anonymous=False,
        identity={"phone": sender},
        sender_id=sender,
        reply_to={"phone": sender, **(extra_reply or {})},
    )
    draft.sms = parsed  # type: ignore[attr-defined]  # read by command() and the receipt
    return draft


class SmsChannel(InboundChannel):
    def command(self, draft: Draft) -> str | None:
        parsed = getattr(draft, "sms", None)
        if parsed is None or not parsed.tracking_code:
            return None
        report = Report.objects.filter(tracking_code=parsed.tracking_code).first()
        if report is None:
            return localised(_, "Waspada: no report with that tracking code.")
        from waspada.intake.services import status_message

        return status_message(report)


def sms_receipt(outcome) -> str:
    """The SMS answer to one stored message (kept within one or two SMS)."""
    from waspada.intake.services import receipt_message

    if outcome.answer:
        return outcome.answer
    text = receipt_message(outcome.report)
    parsed = getattr(outcome.draft, "sms", None)
    if parsed is not None and not parsed.structured:
        text += " " + localised(_, "Format: LAPOR <desa> <message>.")
    elif parsed is not None and parsed.place_text and not outcome.draft.area:
        text += " " + localised(_, "Place not recognised; send the desa code if you know it.")
    return " ".join([text, *outcome.notes])
