#!/usr/bin/python3
"""Self-check of the Python peer: the contract the benchmark relies on. Not part of `make test`
(that is `swift test` only); run it by hand or from the bench harness before measuring:

    /usr/bin/python3 bench/peers/check_peer.py

Starts the peer on a free loopback port (twice: once for the contract, once tiny to overflow its
queue), checks each point, prints `ok`/`FAIL` lines and exits 0 only when all pass.
"""
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerlib import GOFORWARD, GOFORWARD_TEXT, HERE, PYTHON, Peer, read, recognize, request  # noqa: E402

GUIDE_CLIENT = os.path.join(HERE, "..", "..", "Tests", "asrctlTests", "Fixtures", "simple_asr_test.py")
CARDS_WAV = "/usr/share/pocketsphinx/test/data/cards/001.wav"
failures = []


def check(condition, what, detail=""):
    print("%s %s%s" % ("ok  " if condition else "FAIL", what, (": %s" % (detail,)) if detail and not condition else ""))
    if not condition:
        failures.append(what)


def contract():
    peer = Peer("--workers", "1")
    try:
        connection = peer.connection()
        status, _, health = request(connection, "GET", "/health")
        check(status == 200 and health.get("status") == "healthy" and health.get("service") == "asr",
              "GET /health is 200 healthy", health)

        pcm = read(GOFORWARD)
        status, _, body = recognize(connection, pcm, session_id="s1", priority=1, language="en")
        check(status == 200 and body.get("text") == GOFORWARD_TEXT, "goforward.raw -> %r" % GOFORWARD_TEXT, body)
        expected = {"success", "text", "confidence", "processing_time", "cached", "audio_size", "session_id",
                    "cache_level"}
        check(set(body) == expected, "the runtime's response fields", sorted(body))
        check(body.get("audio_size") == len(pcm) and body.get("session_id") == "s1" and body.get("cached") is False,
              "audio_size, session_id, cached", body)

        status, _, body = request(connection, "POST", "/asr/recognize", read(CARDS_WAV), {"Content-Type": "audio/wav"})
        check(status == 200 and body.get("text") == "ten of clubs" and body.get("audio_size") == 35052,
              "raw audio/wav body -> 'ten of clubs'", body)

        for name, payload, headers, want in [
            ("sample_rate 8000 -> 400 bad_audio", b'{"audio_data":"AAAA","sample_rate":8000}', "application/json", (400, "bad_audio")),
            ("missing audio_data -> 400 bad_json", b'{"x":1}', "application/json", (400, "bad_json")),
            ("bad priority -> 400 bad_priority", b'{"audio_data":"AAAAAA==","priority":7}', "application/json", (400, "bad_priority")),
            ("odd byte count -> 400 bad_audio", b"abc", "application/octet-stream", (400, "bad_audio")),
            ("text/plain -> 415", b"hello", "text/plain", (415, "unsupported_media_type")),
        ]:
            status, _, body = request(connection, "POST", "/asr/recognize", payload, {"Content-Type": headers})
            check((status, body.get("code") if isinstance(body, dict) else None) == want and body.get("success") is False,
                  name, (status, body))

        status, _, stats = request(connection, "GET", "/asr/stats")
        check(status == 200 and stats["processor"]["total_requests"] >= 2 and stats["service"]["memory_usage"] > 0,
              "GET /asr/stats counts requests and RSS", stats.get("processor"))

        if os.path.exists(GUIDE_CLIENT):
            result = subprocess.run([PYTHON, GUIDE_CLIENT, "http://127.0.0.1:%d" % peer.port, GOFORWARD, GOFORWARD_TEXT],
                                    capture_output=True, text=True, timeout=120)
            check(result.returncode == 0, "the guide-style client (simple_asr_test.py) passes unchanged",
                  result.stdout[-400:] + result.stderr[-400:])

        # SIGTERM with a request in flight: it is answered, new work gets 503, exit 0.
        answers = {}

        def in_flight():
            answers["first"] = recognize(peer.connection(), pcm, language="in-flight")

        thread = threading.Thread(target=in_flight)
        thread.start()
        time.sleep(0.1)
        peer.process.send_signal(15)
        time.sleep(0.05)
        try:
            answers["late"] = recognize(peer.connection(), pcm, language="late")
        except OSError as error:
            answers["late"] = (None, {}, str(error))
        thread.join()
        status = peer.process.wait(30)
        check(answers["first"][0] == 200 and answers["first"][2].get("text") == GOFORWARD_TEXT,
              "SIGTERM: the request in flight is answered", answers["first"][:1])
        check(answers["late"][0] in (503, None), "SIGTERM: new work is refused", answers["late"][:1])
        check(status == 0, "SIGTERM: exit status 0", status)
    finally:
        if peer.process.poll() is None:
            peer.process.kill()


def overflow():
    """1 worker, 1 slot, queue of 1: of 6 simultaneous requests, 1 decodes, 1 waits, the rest get
    503 queue_full with Retry-After, at once."""
    peer = Peer("--workers", "1", "--max-concurrent", "1", "--queue-size", "1", "--cache-size-mb", "0")
    try:
        pcm = read(GOFORWARD)
        results = []
        lock = threading.Lock()

        def client(index):
            started = time.monotonic()
            status, headers, body = recognize(peer.connection(), pcm, session_id=str(index))
            with lock:
                results.append((status, headers.get("Retry-After"), body.get("code"), time.monotonic() - started))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ok = [r for r in results if r[0] == 200]
        refused = [r for r in results if r[0] == 503]
        check(len(ok) >= 2 and len(refused) >= 1 and len(ok) + len(refused) == 6,
              "queue full -> 503 (%d answered, %d refused)" % (len(ok), len(refused)), results)
        check(all(r[1] and int(r[1]) >= 1 and r[2] == "queue_full" for r in refused),
              "503 carries Retry-After and code queue_full", refused)
        check(all(r[3] < 0.2 for r in refused), "503 comes at once (< 0.2 s)", [round(r[3], 3) for r in refused])
        status, _, stats = request(peer.connection(), "GET", "/asr/stats")
        check(stats["rejections"].get("queue_full", 0) == len(refused), "stats count the rejections", stats["rejections"])
    finally:
        peer.stop()


def main():
    contract()
    overflow()
    print("OK" if not failures else "FAILED: %s" % ", ".join(failures))
    sys.exit(0 if not failures else 1)


if __name__ == "__main__":
    main()
