"""SMS through Twilio: the Messaging webhook (form-encoded POST, ``X-Twilio-Signature``),
answered with TwiML in the HTTP response; later answers through the Messages REST API.

Signature (Twilio docs, "Webhooks security"): Base64(HMAC-SHA1(auth token, the full webhook
URL followed by every POST parameter name and value, sorted by name)).
"""

import base64
import hashlib
import hmac
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import HttpResponse

from waspada.lib import http

from ..models import Channel
from .base import Malformed, Rejected
from .common import raw_of
from .sms import SmsChannel, sms_draft, sms_receipt


def twilio_signature(auth_token: str, url: str, params: dict[str, str]) -> str:
    payload = url + "".join(f"{k}{params[k]}" for k in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


class TwilioChannel(SmsChannel):
    name = Channel.TWILIO
    answers_by_send = False

    def enabled(self) -> bool:
        return bool(settings.WASPADA_TWILIO_AUTH_TOKEN)

    def _urls(self, request) -> list[str]:
        urls = [request.build_absolute_uri()]
        site = settings.SITE_URL.rstrip("/") + request.get_full_path()
        if site not in urls:
            urls.append(site)
        return urls

    def authenticate(self, request) -> None:
        given = request.headers.get("X-Twilio-Signature", "")
        params = {k: request.POST.get(k) for k in request.POST}
        token = settings.WASPADA_TWILIO_AUTH_TOKEN
        if not given or not any(
            hmac.compare_digest(given, twilio_signature(token, url, params))
            for url in self._urls(request)
        ):
            raise Rejected("bad X-Twilio-Signature", status=403)

    def parse(self, request):
        post = request.POST
        if not post.get("MessageSid") or "From" not in post:
            raise Malformed("MessageSid and From are required")
        return [
            sms_draft(
                self.name,
                sender=post["From"],
                body=post.get("Body", ""),
                message_id=post["MessageSid"],
                raw=raw_of(request, ["X-Twilio-Signature"]),
            )
        ]

    def respond(self, request, outcomes):
        messages = "".join(f"<Message>{escape(sms_receipt(o))}</Message>" for o in outcomes)
        body = f'<?xml version="1.0" encoding="UTF-8"?><Response>{messages}</Response>'
        return HttpResponse(body, content_type="text/xml; charset=utf-8")

    def can_send(self) -> bool:
        return bool(settings.WASPADA_TWILIO_ACCOUNT_SID and settings.WASPADA_TWILIO_FROM)

    def send(self, reply_to: dict, text: str) -> None:
        sid = settings.WASPADA_TWILIO_ACCOUNT_SID
        http.post(
            f"{settings.WASPADA_TWILIO_API_URL.rstrip('/')}/2010-04-01/Accounts/{sid}/Messages.json",
            data={"To": reply_to["phone"], "From": settings.WASPADA_TWILIO_FROM, "Body": text},
            auth=(sid, settings.WASPADA_TWILIO_AUTH_TOKEN),
            retries=2,
        )


CHANNELS = [TwilioChannel()]
