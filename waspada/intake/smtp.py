"""The SMTP listener for the e-mail channel (aiosmtpd).

Run with ``python -m waspada intake_smtp --host 0.0.0.0 --port 2525`` and point the MX (or a
forwarding rule of an existing mailbox) at it. Database work runs in a worker thread, off
the event loop.
"""

import asyncio
import logging

from django.db import close_old_connections

from .channels.base import Malformed
from .channels.email import accepts, parse_message

logger = logging.getLogger("waspada.intake.smtp")


class IntakeHandler:
    """aiosmtpd handler: refuse foreign recipients, store each accepted message."""

    max_bytes = 25 * 1024 * 1024

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not accepts(address):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8")
        if len(data) > self.max_bytes:
            return "552 5.3.4 message too big"
        try:
            await asyncio.get_running_loop().run_in_executor(None, self.deliver, data)
        except Malformed as e:
            return f"550 5.6.0 {e}"
        except Exception:
            logger.exception("storing an e-mail report failed")
            return "451 4.3.0 try again later"
        return "250 OK"

    def deliver(self, data: bytes):
        """Check and store one message (in a worker thread with its own DB connection)."""
        from .receive import receive

        close_old_connections()
        try:
            return receive("email", parse_message(data))
        finally:
            close_old_connections()


def controller(host: str, port: int, handler: IntakeHandler | None = None):
    from aiosmtpd.controller import Controller

    handler = handler or IntakeHandler()
    return Controller(
        handler, hostname=host, port=port, data_size_limit=handler.max_bytes, decode_data=False
    )
