"""Varnish in front of the site: its work directory, its command line, and a handle for scripts and tests.

`python -m edge.varnish --origin 127.0.0.1:8000 --listen 127.0.0.1:8080` runs it in the foreground (edge/serve.sh,
`make serve-edge`); `Varnish(origin, listen).start()` runs it for the benchmark (bench/edge.py) and the tests.

The work directory (`-n`) is the edge's own, under the system's temporary directory and named by the port it
listens on, so two can run on one host, and none touches /var/lib/varnish. Started as root, varnishd compiles
the VCL as the `varnish` user and runs its cache as `vcache`: they cannot read a file in a checkout under a
private home, nor write in a directory only root may enter (a mkdtemp's). So the VCL is copied into the work
directory, which is made readable by everyone (it holds nothing secret but `_.secret`, which varnishd makes
root's alone), with the backend's address beside it (origin.vcl, included by positions.vcl).
"""

import argparse
import hashlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

EDGE_DIR = Path(__file__).resolve().parent
VCL = EDGE_DIR / "positions.vcl"
STORAGE = "malloc,256m"


def varnishd():
    """varnishd's path, or None: Debian puts it in /usr/sbin, which a user's PATH may not hold."""
    return shutil.which("varnishd", path=f"{os.environ.get('PATH', '')}:/usr/local/sbin:/usr/sbin")


def host_port(address):
    host, _, port = address.rpartition(":")
    return host.strip("[]") or "127.0.0.1", int(port)


def work_dir(listen):
    """The edge's own directory for `listen`, one per checkout and port."""
    checkout = hashlib.sha256(str(EDGE_DIR).encode()).hexdigest()[:8]
    return Path(tempfile.gettempdir()) / f"ceasefire-edge-{checkout}-{host_port(listen)[1]}"


def prepare(origin, listen):
    """The work directory, with the VCL and the backend's address in it; returns it."""
    where = work_dir(listen)
    where.mkdir(exist_ok=True)
    where.chmod(0o755)  # see the module's docstring: varnishd's own users must read and compile here
    shutil.copyfile(VCL, where / VCL.name)
    host, port = host_port(origin)
    (where / "origin.vcl").write_text(f'backend origin {{ .host = "{host}"; .port = "{port}"; }}\n')
    for name in (VCL.name, "origin.vcl"):
        (where / name).chmod(0o644)
    return where


def command(origin, listen, storage=STORAGE):
    """varnishd in the foreground (-F: stopped with whoever started it), in its own work directory."""
    where = prepare(origin, listen)
    return [varnishd() or "varnishd", "-F", "-n", str(where), "-a", listen, "-f", str(where / VCL.name),
            "-p", f"vcl_path={where}", "-s", storage]  # fmt: skip


class Varnish:
    def __init__(self, origin, listen, storage=STORAGE, log=None):
        self.origin, self.listen, self.storage, self.log = origin, listen, storage, log
        self.process = None

    @property
    def url(self):
        host, port = host_port(self.listen)
        return f"http://{host}:{port}"

    def start(self, timeout=30):
        self.process = subprocess.Popen(
            command(self.origin, self.listen, self.storage), stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd ended at start (exit {self.process.returncode})")
            try:
                socket.create_connection(host_port(self.listen), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"varnishd did not listen on {self.listen} within {timeout} s")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def counters(self):
        """varnishstat's counters: {name: value}."""
        out = subprocess.run(
            ["varnishstat", "-n", str(work_dir(self.listen)), "-1", "-j"], check=True, capture_output=True, text=True
        ).stdout
        data = json.loads(out)
        counters = data.get("counters", data)  # 7.x nests them; older versions did not
        return {name: item["value"] for name, item in counters.items() if isinstance(item, dict) and "value" in item}


def main():
    parser = argparse.ArgumentParser(description="Varnish in front of the site, in the foreground.")
    parser.add_argument("--origin", default=os.environ.get("BIND", "127.0.0.1:8000"))
    parser.add_argument("--listen", default=os.environ.get("EDGE_BIND", "127.0.0.1:8080"))
    parser.add_argument("--storage", default=os.environ.get("EDGE_STORAGE", STORAGE))
    arguments = parser.parse_args()
    argv = command(arguments.origin, arguments.listen, arguments.storage)
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main()
