"""SMS through Twilio, as an intake channel: the Messaging webhook (form-encoded POST,
``X-Twilio-Signature``: ``client.signature``), answered with TwiML in the HTTP response; later
answers through the Messages REST API.
"""

import hmac
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import HttpResponse

from waspada.intake.channels import Malformed, Rejected
from waspada.intake.channels.common import raw_of
from waspada.intake.models import Channel
from waspada.messaging.sms.inbound import SmsChannel, sms_draft, sms_receipt

from . import client


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
            hmac.compare_digest(given, client.signature(token, url, params))
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
        return client.can_send()

    def send(self, reply_to: dict, text: str) -> None:
        client.send_sms(reply_to["phone"], text, retries=2)


CHANNELS = [TwilioChannel()]
