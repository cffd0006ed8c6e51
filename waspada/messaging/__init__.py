"""The messaging services Waspada talks to both ways, one folder each:

- ``telegram/``, ``whatsapp/``: a bot or business number that takes reports and sends alerts;
- ``twilio/``, ``sms_gateway/`` (an Android phone): SMS in; ``sms/`` what both SMS channels
  share, and the SMS alert transport (the gateway when set, else Twilio).

In each: ``client.py`` (configuration and the provider's API: sending, media, signatures,
through ``waspada.lib.http``), ``inbound.py`` (its webhook as an intake channel,
``waspada.intake.channels``), ``outbound.py`` (its alert transport,
``waspada.alerts.transports``). Nothing here registers itself: the intake and alerts apps take
what they need when they start (their ``apps.py``), from the two lists below.
"""


def inbound_channels() -> list:
    from .sms_gateway.inbound import CHANNELS as sms_gateway
    from .telegram.inbound import CHANNELS as telegram
    from .twilio.inbound import CHANNELS as twilio
    from .whatsapp.inbound import CHANNELS as whatsapp

    return [*sms_gateway, *twilio, *telegram, *whatsapp]


def outbound_transports() -> list:
    from .sms.outbound import TRANSPORT as sms
    from .telegram.outbound import TRANSPORT as telegram
    from .whatsapp.outbound import TRANSPORT as whatsapp

    return [telegram, whatsapp, sms]
