"""The "Acknowledge" button under a Telegram alert.

The bot's webhook (``waspada.messaging.telegram.inbound``) hands every ``callback_query``
whose data starts with ``ack:`` to ``handle_callback`` (registered in ``apps.py``). It checks
the button's MAC, that the person pressing is the account the button was made for (Telegram
user ids are not our users: the MAC binds the button to the user it was sent to, and only that
chat has it), records the acknowledgement and answers the press so the spinner stops.
"""

import logging

from waspada.accounts import policy
from waspada.accounts.models import User
from waspada.lib import http
from waspada.messaging.telegram import client

from . import links, services
from .models import Acknowledgement, Alert

logger = logging.getLogger("waspada.alerts")


def handle_callback(callback_query: dict) -> bool:
    """Acknowledge from a button press; True when it was one of ours."""
    data = (callback_query or {}).get("data") or ""
    if not data.startswith("ack:"):
        return False
    parsed = links.read_telegram_data(data)
    answer = "Tidak dikenal."
    if parsed is not None:
        alert = Alert.objects.filter(pk=parsed[0]).first()
        user = User.objects.filter(pk=parsed[1], is_active=True).first()
        if alert is not None and user is not None and policy.can_view(user, alert):
            services.acknowledge(alert, user, Acknowledgement.Via.TELEGRAM)
            answer = "Diterima: peringatan diakui."
    try:
        client.call(
            "answerCallbackQuery",
            {"callback_query_id": callback_query.get("id", ""), "text": answer},
            timeout=10,
        )
    except http.HttpError as e:  # the acknowledgement is stored; the spinner is cosmetic
        logger.warning("answerCallbackQuery failed: %s", e)
    return parsed is not None
