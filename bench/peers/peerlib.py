"""Helpers shared by the scripts here: start the peer, talk HTTP, serve it (stdlib only)."""
import base64
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.path.join(HERE, "pocketsphinx_peer.py")
PYTHON = "/usr/bin/python3"  # Debian's interpreter: the one that sees python3-pocketsphinx
GOFORWARD = "/usr/share/pocketsphinx/test/data/goforward.raw"
GOFORWARD_TEXT = "go forward ten meters"


class Peer:
    """The peer as a child process on a free loopback port; `ready_seconds` is launch -> ready line."""

    def __init__(self, *arguments, env=None):
        started = time.monotonic()
        environment = dict(os.environ)
        environment.update(env or {})
        self.process = subprocess.Popen([PYTHON, PEER, "--host", "127.0.0.1", "--port", "0"] + list(arguments),
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
        line = self.process.stdout.readline()
        if "ready on http://" not in line:
            self.process.kill()
            raise RuntimeError("peer did not start: %r %s" % (line, self.process.stderr.read()))
        self.ready_seconds = time.monotonic() - started
        self.ready_line = line.strip()
        self.port = int(line.split("ready on http://", 1)[1].split()[0].rsplit(":", 1)[1])
        self.pid = self.process.pid

    def connection(self, timeout=120):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def rss_mb(self):
        with open("/proc/%d/status" % self.pid) as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        return 0.0

    def stop(self, timeout=30):
        """SIGTERM; returns (exit status, seconds to exit)."""
        if self.process.poll() is not None:
            return self.process.returncode, 0.0
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            status = self.process.wait()
        return status, time.monotonic() - started


def request(connection, method, path, body=None, headers=None):
    """One request on a keep-alive connection: (status, headers dict, parsed JSON or text)."""
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    try:
        parsed = json.loads(data)
    except ValueError:
        parsed = data.decode("utf-8", "replace")
    return response.status, dict(response.getheaders()), parsed


def recognize_body(pcm, **fields):
    payload = {"audio_data": base64.b64encode(pcm).decode("ascii"), "sample_rate": 16000}
    payload.update(fields)
    return json.dumps(payload).encode("utf-8")


def recognize(connection, pcm, **fields):
    return request(connection, "POST", "/asr/recognize", recognize_body(pcm, **fields),
                   {"Content-Type": "application/json"})


def read(path):
    with open(path, "rb") as handle:
        return handle.read()


def busy_jiffies():
    """Jiffies all CPUs spent not idle (user+nice+system+irq+softirq+steal), from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    return sum(fields[:3]) + sum(fields[5:8])


def idle_fraction(seconds=2.0):
    with open("/proc/stat") as stat:
        a = [int(x) for x in stat.readline().split()[1:]]
    time.sleep(seconds)
    with open("/proc/stat") as stat:
        b = [int(x) for x in stat.readline().split()[1:]]
    delta = [y - x for x, y in zip(a, b)]
    total = sum(delta[:8])
    return (delta[3] + delta[4]) / total if total else 1.0


def wait_quiet(max_seconds, threshold=0.9):
    """Waits (up to max_seconds) until the CPUs are at least `threshold` idle over 2 s; returns the
    idle fraction last seen. The machines these run on are shared: say how quiet it was."""
    deadline = time.monotonic() + max_seconds
    while True:
        idle = idle_fraction()
        if idle >= threshold or time.monotonic() >= deadline:
            return idle


def process_jiffies(pid):
    """utime+stime of a process (all its threads) and its waited-for children."""
    try:
        with open("/proc/%d/stat" % pid) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15])
    except OSError:
        return 0


class ForeignCPU:
    """CPU used by processes other than the given ones while a measurement runs, in cores."""

    def __init__(self, *pids):
        self.pids = pids
        self.started = time.monotonic()
        self.busy = busy_jiffies()
        self.ours = sum(process_jiffies(pid) for pid in pids)

    def cores(self):
        elapsed = time.monotonic() - self.started
        busy = busy_jiffies() - self.busy
        ours = sum(process_jiffies(pid) for pid in self.pids) - self.ours
        return max(0.0, (busy - ours) / os.sysconf("SC_CLK_TCK") / elapsed) if elapsed > 0 else 0.0


def log(message):
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


class KeepAliveHandler(BaseHTTPRequestHandler):
    """The request handler the servers here (pocketsphinx_peer.py, whisper_server.py) build on:
    HTTP/1.1 keep-alive, TCP_NODELAY, and request logging only when `service.args.verbose`."""
    protocol_version = "HTTP/1.1"  # keep-alive, as the runtime and asrctl's upstream client expect
    service = None  # set by the server's main()

    def setup(self):
        super().setup()
        # http.server writes the headers and the body in two send()s. Without TCP_NODELAY, Nagle
        # holds the body until the client ACKs the headers, and the client delays that ACK: every
        # answer on a keep-alive connection after the first waited ~40 ms. A fair server must not.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        if self.service.args.verbose:
            super().log_message(format, *args)
