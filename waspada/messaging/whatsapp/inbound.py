"""The WhatsApp Business Cloud API webhook, as an intake channel.

GET: the verification handshake (``hub.mode=subscribe``, ``hub.verify_token``, answer
``hub.challenge``). POST: ``X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body with
the app secret>``; the body is a ``whatsapp_business_account`` object whose changes carry
``messages`` (text, location, image, audio, document) and ``statuses`` (ignored).
Answers go out through ``POST /{phone-number-id}/messages`` (free text within 24 hours of the
reporter's last message, an approved template after that); media are fetched with
``GET /{media-id}`` then its short-lived URL, both with the access token.
"""

import hmac
from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.intake.channels import InboundChannel, Malformed, Rejected
from waspada.intake.channels.common import help_text, json_body, localised, raw_of
from waspada.intake.drafts import Draft
from waspada.intake.models import Channel, Report

from . import client
from .client import signature

SIGNATURE_HEADER = "X-Hub-Signature-256"
# Meta delivers free text only this long after the user's last message (24 h, less a margin
# for the queue).
REPLY_WINDOW = timedelta(hours=23, minutes=30)


class WhatsAppChannel(InboundChannel):
    name = Channel.WHATSAPP

    def enabled(self) -> bool:
        return bool(settings.WASPADA_WHATSAPP_APP_SECRET and settings.WASPADA_WHATSAPP_VERIFY_TOKEN)

    def handshake(self, request):
        mode = request.GET.get("hub.mode")
        token = request.GET.get("hub.verify_token", "")
        if mode == "subscribe" and hmac.compare_digest(
            token.encode(), settings.WASPADA_WHATSAPP_VERIFY_TOKEN.encode()
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden("verification failed")

    def authenticate(self, request) -> None:
        given = request.headers.get(SIGNATURE_HEADER, "")
        expected = signature(settings.WASPADA_WHATSAPP_APP_SECRET, request.body)
        if not given or not hmac.compare_digest(given.encode(), expected.encode()):
            raise Rejected("bad X-Hub-Signature-256", status=403)

    def parse(self, request) -> list[Draft]:
        payload = json_body(request)
        if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
            raise Malformed("not a WhatsApp webhook payload")
        drafts = []
        for entry in payload["entry"]:
            for change in (entry or {}).get("changes") or []:
                value = (change or {}).get("value") or {}
                names = {
                    c.get("wa_id"): (c.get("profile") or {}).get("name", "")
                    for c in value.get("contacts") or []
                }
                for message in value.get("messages") or []:
                    draft = self._draft(request, message, names)
                    if draft is not None:
                        drafts.append(draft)
        return drafts

    def _draft(self, request, message: dict, names: dict) -> Draft | None:
        sender = message.get("from")
        if not sender or not message.get("id"):
            raise Malformed("message without from or id")
        kind = message.get("type")
        draft = Draft(
            channel=self.name,
            raw=raw_of(request, [SIGNATURE_HEADER]),
            message_id=message["id"],
            anonymous=False,
            identity={"name": names.get(sender, ""), "phone": f"+{sender.lstrip('+')}"},
            sender_id=sender,
            reply_to={"wa_id": sender},
        )
        if kind == "text":
            draft.text = (message.get("text") or {}).get("body", "")
        elif kind == "location":
            location = message.get("location") or {}
            draft.lat, draft.lon = location.get("latitude"), location.get("longitude")
            draft.place_text = ", ".join(
                p for p in (location.get("name"), location.get("address")) if p
            )[:300]
        elif kind in ("image", "audio", "document", "video"):
            media = message.get(kind) or {}
            draft.text = media.get("caption", "")
            if media.get("id"):
                draft.remote_media.append(
                    {"media_id": media["id"], "name": media.get("filename", f"whatsapp-{kind}")}
                )
        else:
            return None  # reactions, stickers, contacts: nothing to report
        draft.followup = not draft.text
        return draft

    def command(self, draft: Draft) -> str | None:
        words = draft.text.strip().split()
        if len(words) == 1 and words[0].lower() in ("halo", "hai", "help", "bantuan", "menu"):
            return help_text()
        if len(words) == 2 and words[0].upper() in ("CEK", "STATUS"):
            report = Report.objects.filter(tracking_code=words[1].upper()).first()
            if report is None:
                return localised(_, "Waspada: no report with that tracking code.")
            from waspada.intake.services import status_message

            return status_message(report)
        return None

    def receipt(self, outcome) -> str:
        from waspada.intake.services import receipt_message

        if outcome.followup:
            return localised(_, "Added to report %(code)s.") % {
                "code": outcome.report.tracking_code
            }
        if not outcome.report.text:
            return localised(
                _, "Received (tracking code %(code)s). Now tell us what happened, where and when."
            ) % {"code": outcome.report.tracking_code}
        return receipt_message(outcome.report)

    def respond(self, request, outcomes):
        return JsonResponse({"ok": True})

    def can_send(self) -> bool:
        return client.can_send()

    def send(self, reply_to: dict, text: str) -> None:
        self._message(reply_to, {"type": "text", "text": {"body": text}})

    def send_update(self, reply_to: dict, text: str, last_inbound) -> bool:
        """Free text inside the 24-hour window that opens with the reporter's last message;
        after it, only an approved template (``WASPADA_WHATSAPP_STATUS_TEMPLATE``, one body
        parameter: the message) is delivered. Without one, nothing is sent (False)."""
        if timezone.now() - last_inbound < REPLY_WINDOW:
            self.send(reply_to, text)
            return True
        template = settings.WASPADA_WHATSAPP_STATUS_TEMPLATE
        if not template:
            return False
        # a template parameter may hold no line breaks, tabs or runs of spaces
        parameter = " ".join(text.split())[:1000]
        self._message(
            reply_to,
            {
                "type": "template",
                "template": {
                    "name": template,
                    "language": {"code": settings.WASPADA_WHATSAPP_TEMPLATE_LANGUAGE},
                    "components": [
                        {"type": "body", "parameters": [{"type": "text", "text": parameter}]}
                    ],
                },
            },
        )
        return True

    def _message(self, reply_to: dict, content: dict) -> None:
        client.send(reply_to["wa_id"], content, retries=2)

    def fetch_media(self, ref: dict) -> tuple[bytes, str]:
        return client.download(ref["media_id"], ref.get("name", ""))


CHANNELS = [WhatsAppChannel()]
