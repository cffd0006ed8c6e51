"""Twilio Programmable Messaging (SMS): ``client`` (signature, the Messages API), ``inbound``
(the Messaging webhook as an intake channel, answered in TwiML). Alerts by SMS go out through
``waspada.messaging.sms.outbound``, which uses this client when no gateway phone is set."""
