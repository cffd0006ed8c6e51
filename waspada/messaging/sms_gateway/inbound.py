"""SMS through an Android phone used as a gateway, as an intake channel, in the SMSSync
protocol (Ushahidi's SMSSync; other gateway apps speak it too): a POST with ``from``,
``message``, ``message_id``, ``sent_to``, ``sent_timestamp``, ``device_id`` and the shared
``secret``, form-encoded or JSON. The answer travels back in the response (``task: send``),
which the phone sends as an SMS; later answers go to ``WASPADA_SMS_GATEWAY_SEND_URL`` (the
``client``) when one is configured.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.http import JsonResponse

from waspada.intake.channels import Malformed, Rejected
from waspada.intake.channels.common import raw_of, same
from waspada.intake.models import Channel
from waspada.messaging.sms.inbound import SmsChannel, sms_draft, sms_receipt

from . import client


class SmsGatewayChannel(SmsChannel):
    name = Channel.SMS
    answers_by_send = False

    def enabled(self) -> bool:
        return bool(settings.WASPADA_SMS_GATEWAY_SECRET)

    def _fields(self, request) -> dict:
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body)
            except ValueError as e:
                raise Malformed(f"malformed JSON: {e}") from e
            if not isinstance(data, dict):
                raise Malformed("expected a JSON object")
            return {k: str(v) for k, v in data.items() if v is not None}
        return {k: request.POST.get(k) for k in request.POST}

    def authenticate(self, request) -> None:
        try:
            fields = self._fields(request)
        except Malformed:
            fields = {}
        if not same(fields.get("secret"), settings.WASPADA_SMS_GATEWAY_SECRET):
            raise Rejected("bad secret", status=403)

    def parse(self, request):
        fields = self._fields(request)
        if not fields.get("from") or "message" not in fields:
            raise Malformed("from and message are required")
        message_id = (
            fields.get("message_id")
            # Keyed: a plain hash of a phone number could be reversed by trying them all.
            or hmac.new(
                settings.SECRET_KEY.encode(),
                f"{fields['from']}|{fields.get('sent_timestamp', '')}|{fields['message']}".encode(),
                hashlib.sha256,
            ).hexdigest()[:40]
        )
        raw = raw_of(request)
        return [
            sms_draft(
                self.name,
                sender=fields["from"],
                body=fields["message"],
                message_id=message_id,
                raw=raw,
            )
        ]

    def respond(self, request, outcomes):
        messages = [
            {"to": o.draft.reply_to["phone"], "message": sms_receipt(o), "uuid": o.draft.message_id}
            for o in outcomes
        ]
        payload = {"success": True, "error": None}
        if messages:
            payload.update(
                task="send", secret=settings.WASPADA_SMS_GATEWAY_SECRET, messages=messages
            )
        return JsonResponse({"payload": payload})

    def can_send(self) -> bool:
        return client.can_send()

    def send(self, reply_to: dict, text: str) -> None:
        client.send_sms(reply_to["phone"], text, retries=2)


CHANNELS = [SmsGatewayChannel()]
