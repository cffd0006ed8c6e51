"""An Android phone as SMS gateway (the SMSSync protocol): ``client`` (its send URL),
``inbound`` (the phone's POSTs as an intake channel). Alerts by SMS go out through
``waspada.messaging.sms.outbound``, which prefers this gateway when its send URL is set."""
