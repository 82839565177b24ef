"""A TCP relay that a test puts in front of PostgreSQL or Redis, to inject the faults a network or a server can
have: cut (`stop`, then `start` again on the same port, as a restart) and silent (`silence`, then `resume`).

Silent is the quiet failure: connections are still accepted and what the client sends is read, but nothing is
forwarded and nothing answers, as when a server hangs or a firewall drops packets in one direction. The
client's kernel sees its bytes acknowledged, so only the client's own deadline can notice.
"""

import contextlib
import socket
import threading


class Link:
    """One client connection and its connection upstream (None when it was accepted while silent)."""

    def __init__(self, client, upstream):
        self.ends = [end for end in (client, upstream) if end is not None]
        # Bytes read and never delivered: the stream is broken for good, and resume() cuts it.
        self.lost = upstream is None

    def cut(self):
        for end in self.ends:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()


class Relay:
    def __init__(self, target):
        self.target = target
        self.port = None
        self.server = None
        self.links = []
        self.silent = False

    @property
    def address(self):
        return "127.0.0.1", self.port

    def start(self):
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", self.port or 0))
        self.port = self.server.getsockname()[1]
        self.server.listen()
        threading.Thread(target=self.accept, args=(self.server,), daemon=True).start()
        return self

    def accept(self, server):
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            upstream = None if self.silent else socket.create_connection(self.target)
            link = Link(client, upstream)
            self.links.append(link)
            threading.Thread(target=self.pipe, args=(link, client, upstream), daemon=True).start()
            if upstream is not None:
                threading.Thread(target=self.pipe, args=(link, upstream, client), daemon=True).start()

    def pipe(self, link, source, sink):
        try:
            while data := source.recv(65536):
                if self.silent or sink is None:
                    link.lost = True  # read, acknowledged, never delivered
                    continue
                sink.sendall(data)
        except OSError:
            pass
        finally:
            link.cut()

    def silence(self):
        """From now on, accept and read, but forward nothing and answer nothing."""
        self.silent = True

    def resume(self):
        """Forward again. A connection that lost bytes while silent is cut (its stream cannot be repaired, as
        a real relay that lost its state resets it); new connections work."""
        self.silent = False
        for link in [link for link in self.links if link.lost]:
            link.cut()
            self.links.remove(link)

    def stop(self):
        """Cut everything, and stop listening (connections are refused), as a server that went down."""
        # shutdown() wakes the thread blocked in accept(); close() alone would leave the port listening.
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()
        for link in self.links:
            link.cut()
        self.links = []
