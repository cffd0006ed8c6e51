"""Telegram (Bot API): one bot for both ways. ``client`` speaks the API, ``inbound`` is the
bot's webhook as an intake channel (reports, follow-ups, /cek; button presses go to the
handlers other apps register), ``outbound`` the alert transport (``sendMessage`` with an
inline "Acknowledge" button)."""
