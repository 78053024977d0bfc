"""A TCP proxy on the loopback interface that can be cut: a database outage on demand.

Put it between a process and PostgreSQL; `cut()` drops every open connection
and refuses new ones, as a database restart does, until `restore()`. The
PostgreSQL server itself is never touched, so nobody else's tests notice.

    proxy = CuttableProxy(target_port=5432).start()   # proxy.port is where to connect
    proxy.cut(); ...; proxy.restore(); proxy.stop()
"""

import contextlib
import socket
import threading


class CuttableProxy:
    def __init__(self, target_host: str = "127.0.0.1", target_port: int = 5432):
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = threading.Event()
        self.open.set()
        self.stopped = False
        self.lock = threading.Lock()
        self.sockets: set[socket.socket] = set()
        self.cuts = 0
        self.refused = 0  # connections refused while cut
        self.refusal = threading.Event()  # set at each refusal

    def start(self) -> "CuttableProxy":
        threading.Thread(target=self._accept, name="proxy-accept", daemon=True).start()
        return self

    def cut(self) -> None:
        """Close every connection and refuse new ones."""
        self.open.clear()
        self.refusal.clear()
        self.cuts += 1
        with self.lock:
            for sock in list(self.sockets):
                _close(sock)
            self.sockets.clear()

    def restore(self) -> None:
        self.open.set()

    def stop(self) -> None:
        self.stopped = True
        self.cut()
        _close(self.listener)

    def _accept(self) -> None:
        while not self.stopped:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open.is_set():
                _close(client)  # the database is "down": the connection is refused at once
                self.refused += 1
                self.refusal.set()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self.lock:
                self.sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                _close(sock)
                with self.lock:
                    self.sockets.discard(sock)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
