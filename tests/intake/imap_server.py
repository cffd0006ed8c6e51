"""A small IMAP4rev1 server on loopback for the tests: one folder, real TCP, the commands the
poller uses (CAPABILITY, LOGIN, SELECT, UID SEARCH UNSEEN, UID FETCH BODY.PEEK[], UID STORE
+FLAGS, NOOP, LOGOUT), answered the way RFC 3501 says."""

import re
import socketserver
import threading
from dataclasses import dataclass, field

TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|\([^)]*\)|[^\s()]+')


@dataclass
class Message:
    uid: int
    data: bytes
    flags: set = field(default_factory=set)


@dataclass
class Mailbox:
    user: str = "lapor@kesbangpol.example"
    password: str = 'rahasia "kuat"'
    folder: str = "INBOX"
    messages: list = field(default_factory=list)
    commands: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, data: bytes, flags=()) -> Message:
        with self.lock:
            m = Message(len(self.messages) + 1, data, set(flags))
            self.messages.append(m)
            return m

    def by_uid(self, uid: int) -> tuple[int, Message] | None:
        for seq, m in enumerate(self.messages, 1):
            if m.uid == uid:
                return seq, m
        return None


def _unquote(token: bytes) -> str:
    if token.startswith(b'"'):
        return re.sub(rb"\\(.)", rb"\1", token[1:-1]).decode()
    return token.decode()


class Handler(socketserver.StreamRequestHandler):
    def send(self, line: bytes) -> None:
        self.wfile.write(line + b"\r\n")

    def handle(self):
        box: Mailbox = self.server.mailbox
        authed = selected = False
        self.send(b"* OK [CAPABILITY IMAP4rev1] test server ready")
        while line := self.rfile.readline():
            tag, _, rest = line.rstrip(b"\r\n").partition(b" ")
            args = TOKEN.findall(rest)
            command = args[0].upper() if args else b""
            box.commands.append(b" ".join([command, *args[1:2]]).decode())
            ok = tag + b" OK " + command + b" completed"
            if command == b"CAPABILITY":
                self.send(b"* CAPABILITY IMAP4rev1")
                self.send(ok)
            elif command == b"NOOP":
                self.send(ok)
            elif command == b"LOGOUT":
                self.send(b"* BYE logging out")
                self.send(ok)
                return
            elif command == b"LOGIN":
                if [_unquote(a) for a in args[1:3]] == [box.user, box.password]:
                    authed = True
                    self.send(ok)
                else:
                    self.send(tag + b" NO [AUTHENTICATIONFAILED] invalid credentials")
            elif not authed:
                self.send(tag + b" BAD log in first")
            elif command == b"SELECT":
                if _unquote(args[1]) != box.folder:
                    self.send(tag + b" NO no such folder")
                    continue
                selected = True
                self.send(b"* FLAGS (\\Seen \\Flagged)")
                self.send(b"* %d EXISTS" % len(box.messages))
                self.send(b"* OK [UIDVALIDITY 1] UIDs valid")
                self.send(tag + b" OK [READ-WRITE] SELECT completed")
            elif not selected:
                self.send(tag + b" BAD select a folder first")
            elif command == b"UID":
                self.uid(tag, [a.upper() for a in args[1:2]] + args[2:], box)
            else:
                self.send(tag + b" BAD unknown command")

    def uid(self, tag: bytes, args: list, box: Mailbox):
        sub = args[0] if args else b""
        ok = tag + b" OK UID " + sub + b" completed"
        with box.lock:
            if sub == b"SEARCH" and [a.upper() for a in args[1:]] == [b"UNSEEN"]:
                uids = [str(m.uid).encode() for m in box.messages if "\\Seen" not in m.flags]
                self.send(b" ".join([b"* SEARCH", *uids]).rstrip())
                self.send(ok)
            elif sub == b"FETCH" and len(args) == 3 and args[2].upper() == b"(BODY.PEEK[])":
                found = box.by_uid(int(args[1]))
                if found:
                    seq, m = found
                    head = b"* %d FETCH (UID %d BODY[] {%d}" % (seq, m.uid, len(m.data))
                    self.send(head)
                    self.wfile.write(m.data)
                    self.send(b")")
                self.send(ok)
            elif sub == b"STORE" and len(args) == 4 and args[2].upper() == b"+FLAGS":
                found = box.by_uid(int(args[1]))
                if found:
                    seq, m = found
                    m.flags |= set(args[3].strip(b"()").decode().split())
                    flags = " ".join(sorted(m.flags)).encode()
                    self.send(b"* %d FETCH (UID %d FLAGS (%s))" % (seq, m.uid, flags))
                self.send(ok)
            else:
                self.send(tag + b" BAD unsupported UID command")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mailbox: Mailbox):
        super().__init__(("127.0.0.1", 0), Handler)
        self.mailbox = mailbox
        self.port = self.server_address[1]
        self.thread = threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
