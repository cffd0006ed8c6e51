"""SMS, whichever provider carries it: ``inbound`` holds what both SMS intake channels share
(``twilio``, ``sms_gateway``), ``outbound`` the alert transport (the gateway phone when its
send URL is set, else Twilio)."""
