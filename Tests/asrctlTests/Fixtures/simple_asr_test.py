#!/usr/bin/env python3
"""A client written the way the deployment guide's simple_asr_test.py talks to the service.

Standard library only (urllib, json, base64). Usage:

    simple_asr_test.py BASE_URL RAW_PCM_FILE EXPECTED_TEXT

It reads exactly the fields the guide's clients read and exits 0 when the service answers
as the guide says, 1 (naming the field) when it does not.
"""
import base64
import json
import sys
import time
import urllib.error
import urllib.request


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def get(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=60) as response:
            return response.status, json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        fail("GET %s answered %d: %s" % (path, error.code, error.read().decode("utf-8", "replace")))


def post(base, path, payload):
    request = urllib.request.Request(
        base + path,
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        fail("POST %s answered %d: %s" % (path, error.code, error.read().decode("utf-8", "replace")))


def field(obj, path):
    """obj["a"]["b"] for path "a.b", failing with the field's name when it is missing."""
    value = obj
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            fail("missing field %s" % path)
        value = value[key]
    return value


def recognize(base, audio, session_id):
    payload = {
        "session_id": session_id,
        "audio_data": base64.b64encode(audio).decode("ascii"),
        "sample_rate": 16000,
        "language": "zh",
        "priority": 2,
        "timestamp": time.time(),
    }
    started = time.time()
    status, result = post(base, "/asr/recognize", payload)
    elapsed = time.time() - started
    if status != 200:
        fail("recognize answered %d" % status)
    values = {name: field(result, name) for name in
              ("success", "text", "confidence", "processing_time", "cached", "audio_size", "session_id")}
    print("recognize: success: %s text: %s confidence: %.3f processing_time: %.3f s cached: %s "
          "audio_size: %d session_id: %s (round trip %.3f s)" % (
              values["success"], values["text"], values["confidence"], values["processing_time"],
              values["cached"], values["audio_size"], values["session_id"], elapsed))
    if values["success"] is not True:
        fail("success is %r" % values["success"])
    if values["session_id"] != session_id:
        fail("session_id %r is not the one sent (%r)" % (values["session_id"], session_id))
    if values["audio_size"] != len(audio):
        fail("audio_size %r, sent %d bytes" % (values["audio_size"], len(audio)))
    if not isinstance(values["confidence"], (int, float)) or not 0 <= values["confidence"] <= 1:
        fail("confidence %r is not in 0..1" % values["confidence"])
    if not isinstance(values["processing_time"], (int, float)) or values["processing_time"] < 0:
        fail("processing_time %r" % values["processing_time"])
    return values


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        sys.exit(2)
    base, audio_path, expected = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    with open(audio_path, "rb") as audio_file:
        audio = audio_file.read()

    status, health = get(base, "/health")
    print("health: status: %s service: %s optimization: %s current_concurrent: %s max_concurrent: %s" % tuple(
        field(health, name) for name in ("status", "service", "optimization", "current_concurrent", "max_concurrent")))
    if status != 200 or health["status"] != "healthy" or health["service"] != "asr":
        fail("service is not healthy: %d %r" % (status, health))

    first = recognize(base, audio, "guide-test-1")
    if first["text"] != expected:
        fail("text %r, expected %r" % (first["text"], expected))
    second = recognize(base, audio, "guide-test-2")
    if second["text"] != expected:
        fail("second text %r, expected %r" % (second["text"], expected))
    if second["cached"] is not True:
        fail("the second identical request was not cached")

    status, stats = get(base, "/asr/stats")
    names = ["processor." + name for name in
             ("total_requests", "avg_processing_time", "cache_hit_rate", "batch_size", "chunk_size", "cache_size")]
    names += ["service." + name for name in
              ("total_requests", "avg_latency", "concurrent_requests", "current_concurrent", "max_concurrent",
               "cache_hits", "memory_usage", "cpu_usage")]
    names += ["queues." + name for name in ("high", "medium", "low")]
    for name in names:
        print("stats: %s: %s" % (name, field(stats, name)))
    if field(stats, "processor.total_requests") < 2:
        fail("processor.total_requests counts fewer than the 2 requests sent")
    if not 0 < field(stats, "processor.cache_hit_rate") <= 1:
        fail("processor.cache_hit_rate %r is not in (0, 1] after a cache hit" % stats["processor"]["cache_hit_rate"])
    if field(stats, "service.cache_hits") < 1:
        fail("service.cache_hits is 0 after a cache hit")
    print("OK")


if __name__ == "__main__":
    main()
