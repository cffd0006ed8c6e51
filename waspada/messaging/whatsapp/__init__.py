"""WhatsApp Business Cloud API: one number for both ways. ``client`` speaks the Graph API
(messages, media, the webhook signature), ``inbound`` is the webhook as an intake channel,
``outbound`` the alert transport."""
