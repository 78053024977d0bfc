"""An SMTP server on the loopback interface that keeps what it receives, for tests and `make bench-email`.

It runs in a thread of the process that starts it (aiosmtpd):

    sink = SmtpSink().start()  # sink.port is where to send
    sink.refuse_next = 1  # the next message is refused with 451, as a busy server does
    sink.recipients()  # who received what, in order
    sink.stop()
"""

import asyncio
import socket
import threading

from aiosmtpd.controller import Controller


class SmtpSink:
    def __init__(self, keep_messages: bool = True, delay: float = 0):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.keep_messages = keep_messages
        self.lock = threading.Lock()
        self.received: list[tuple[str, bytes]] = []  # (recipient, message); the message is b"" unless kept
        self.delay = delay  # seconds to take over each message, as a slower server does
        self.refuse_next = 0
        self.refused = 0
        self.waiting: list[tuple[int, threading.Event]] = []
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self) -> "SmtpSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            if self.refuse_next:
                self.refuse_next -= 1
                self.refused += 1
                return "451 4.3.0 Try again later"
            for recipient in envelope.rcpt_tos:
                self.received.append((recipient, envelope.content if self.keep_messages else b""))
            for count, event in self.waiting:
                if len(self.received) >= count:
                    event.set()
        return "250 OK"

    def when_received(self, count: int) -> threading.Event:
        """An event set as soon as `count` messages have been received."""
        event = threading.Event()
        with self.lock:
            self.waiting.append((count, event))
            if len(self.received) >= count:
                event.set()
        return event

    def recipients(self) -> list[str]:
        with self.lock:
            return [recipient for recipient, _ in self.received]

    def messages(self) -> list[bytes]:
        with self.lock:
            return [message for _, message in self.received]
