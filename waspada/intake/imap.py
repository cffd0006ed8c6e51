"""The IMAP poller for the e-mail channel: reports from a mailbox that already exists.

A Kesbangpol office's mail is usually hosted; pointing its MX at our SMTP listener is rarely
possible. Instead the worker polls one mailbox folder (``WASPADA_IMAP_*``, every two minutes):
each unread message is stored as a report exactly as the SMTP listener would
(``channels.email.parse_message``), and only then marked read. A crash between the two means the
message is fetched again next time and recognised by its Message-ID: one report, never none.
A message that cannot become a report (no sender, unreadable) is marked read and flagged, so the
mailbox's owner sees it and the poller does not fetch it forever.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import ssl
from dataclasses import dataclass, field

from django.conf import settings

from .channels.base import Malformed
from .channels.email import parse_message

logger = logging.getLogger("waspada.intake.imap")

BATCH = 50  # messages per poll; the rest wait for the next one
TIMEOUT_S = 30


@dataclass
class PollResult:
    stored: int = 0  # new reports
    repeated: int = 0  # already stored (same Message-ID)
    refused: int = 0  # flagged in the mailbox: could not become a report
    failed: list[str] = field(default_factory=list)  # left unread, tried again next poll


def configured() -> bool:
    return bool(settings.WASPADA_IMAP_HOST and settings.WASPADA_IMAP_USER)


def connect() -> imaplib.IMAP4:
    host, port = settings.WASPADA_IMAP_HOST, settings.WASPADA_IMAP_PORT
    if settings.WASPADA_IMAP_SSL:
        conn = imaplib.IMAP4_SSL(
            host, port, ssl_context=ssl.create_default_context(), timeout=TIMEOUT_S
        )
    else:
        conn = imaplib.IMAP4(host, port, timeout=TIMEOUT_S)
    conn.login(settings.WASPADA_IMAP_USER, settings.WASPADA_IMAP_PASSWORD)
    return conn


def pull(batch: int = BATCH) -> PollResult:
    """Store the folder's unread messages (at most ``batch``) as reports."""
    from .receive import receive

    conn = connect()
    result = PollResult()
    try:
        _ok(conn.select(_quoted(settings.WASPADA_IMAP_FOLDER)), "SELECT")
        uids = _ok(conn.uid("SEARCH", None, "UNSEEN"), "SEARCH")[0].split()[:batch]
        for uid in uids:
            uid = uid.decode()
            raw = _message(_ok(conn.uid("FETCH", uid, "(BODY.PEEK[])"), "FETCH"))
            if raw is None:
                result.failed.append(uid)
                continue
            try:
                outcome = receive("email", parse_message(raw))
            except Malformed as e:
                logger.warning("IMAP message %s refused: %s", uid, e)
                _ok(conn.uid("STORE", uid, "+FLAGS", r"(\Seen \Flagged)"), "STORE")
                result.refused += 1
                continue
            except Exception:
                logger.exception("storing IMAP message %s failed; left unread", uid)
                result.failed.append(uid)
                continue
            _ok(conn.uid("STORE", uid, "+FLAGS", r"(\Seen)"), "STORE")
            if outcome.created:
                result.stored += 1
            else:
                result.repeated += 1
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            conn.logout()
    return result


def _ok(response, what: str):
    typ, data = response
    if typ != "OK":
        raise imaplib.IMAP4.error(f"{what} failed: {data!r}")
    return data


def _message(data) -> bytes | None:
    """The message bytes of a UID FETCH answer: the literal after ``BODY[]``."""
    for item in data:
        if isinstance(item, tuple) and b"BODY[]" in item[0]:
            return item[1]
    return None


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
