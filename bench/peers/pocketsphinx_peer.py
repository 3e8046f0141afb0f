#!/usr/bin/python3
"""pocketsphinx_peer: the guide's ASR service as a Python stack would build it, for the benchmarks.

The same HTTP/JSON contract as `asrctl serve` (POST /asr/recognize, GET /health, GET /asr/stats),
over Debian's python3-pocketsphinx (0.1.15, SWIG) with the same model, the same decoder options
and the same whole-utterance decoding, so that what the benchmark compares is the service around
the engine, not the engine. Python standard library only: http.server.ThreadingHTTPServer (a
thread per connection) in front of N decoder threads, each owning one decoder, fed from a bounded,
prioritised queue.

    /usr/bin/python3 bench/peers/pocketsphinx_peer.py --port 18002 --workers 2

Settings (flag, else environment, else default), with the runtime's meanings:
  --workers        ASR_WORKER_THREADS (4)   decoder threads, one PocketSphinx decoder each
  --queue-size     ASR_QUEUE_SIZE (50)      most requests waiting (for a slot or a decoder); full -> 503
  --max-concurrent ASR_MAX_CONCURRENT (20)  most recognitions open at once; the next waits (counted as waiting)
  --cache-size-mb  ASR_CACHE_SIZE_MB (512)  in-process LRU result cache by bytes; 0 turns it off
  --model-dir      ASR_MODEL_DIR (/usr/share/pocketsphinx/model/en-us)
  --timeout        ASR_NETWORK_TIMEOUT (30) seconds a client may stall mid-request

Prints one line `pocketsphinx-peer ready on http://HOST:PORT ...` on standard output when every
decoder is loaded (/health answers 503 "loading" before that). SIGTERM/SIGINT: new work gets 503
shutting_down, requests in flight are answered, the process exits 0.

Not done (the Swift runtime does them; a guide-style Python service would not): Redis L2,
de-duplication of identical audio in flight, batching, a memory cap, the OpenAI endpoint,
/metrics, device WebSockets.
"""
import argparse
import base64
import binascii
import collections
import ctypes
import hashlib
import io
import json
import os
import resource
import signal
import sys
import threading
import time
import urllib.parse
import wave
from http import HTTPStatus
from http.server import ThreadingHTTPServer

from peerlib import KeepAliveHandler

DEFAULT_MODEL_DIR = "/usr/share/pocketsphinx/model/en-us"
GOFORWARD = "/usr/share/pocketsphinx/test/data/goforward.raw"
SAMPLE_RATE = 16000
MAX_SECONDS = 60                                    # as the runtime: at most 60 s of audio per request
MAX_PCM_BYTES = MAX_SECONDS * SAMPLE_RATE * 2
MAX_BODY_BYTES = MAX_PCM_BYTES * 4 // 3 + 64 * 1024  # 60 s as base64 JSON, with room for the other fields
PRIORITY_NAMES = {1: "high", 2: "medium", 3: "low"}

try:
    from pocketsphinx.pocketsphinx import Decoder
except ImportError as error:  # pragma: no cover - depends on the host
    sys.stderr.write("pocketsphinx_peer: cannot import pocketsphinx (%s).\n"
                     "Install Debian's binding (apt-get install -y python3-pocketsphinx) and run this\n"
                     "with Debian's interpreter, /usr/bin/python3 (a pyenv/venv python does not see\n"
                     "/usr/lib/python3/dist-packages).\n" % error)
    sys.exit(3)


# --------------------------------------------------------------------------------------------
# Engine: the same options and the same whole-utterance decoding as PocketSphinxDecoder.swift
# --------------------------------------------------------------------------------------------

def binding_version():
    try:
        from importlib.metadata import version
        return version("pocketsphinx")
    except Exception:  # pragma: no cover
        return "unknown"


def decoder_arguments(model_dir):
    """The command line PocketSphinxConfiguration(modelDirectory:) builds: for a directory named L,
    -hmm L/L -dict L/cmudict-L.dict -lm L/L.lm.bin, and no further options."""
    model_dir = os.path.abspath(model_dir)
    name = os.path.basename(model_dir.rstrip("/"))
    arguments = [("-hmm", os.path.join(model_dir, name)),
                 ("-dict", os.path.join(model_dir, "cmudict-%s.dict" % name)),
                 ("-lm", os.path.join(model_dir, "%s.lm.bin" % name))]
    for option, path in arguments:
        if not os.path.exists(path):
            raise FileNotFoundError("model file for %s missing: %s" % (option, path))
    return arguments


def search_options(text):
    """`-fwdflat no -maxhmmpf 3000` (an ASR_SEARCH_LEVEL's options, as asrctl bench passes them)
    as option/value pairs."""
    words = (text or "").split()
    if len(words) % 2:
        raise ValueError("--search-options needs option/value pairs: %r" % text)
    return list(zip(words[0::2], words[1::2]))


def set_option(config, option, value):
    """Sets one option with the setter of its type: sphinxbase refuses a string for a boolean or
    a number (-fwdflat no, -maxhmmpf 3000), and only logs that it did."""
    if value in ("yes", "no", "true", "false"):
        config.set_boolean(option, value in ("yes", "true"))
        return
    for parse, setter in ((int, config.set_int), (float, config.set_float)):
        try:
            number = parse(value)
        except ValueError:
            continue
        setter(option, number)
        return
    config.set_string(option, value)


def engine_id(model_dir):
    return "pocketsphinx-" + os.path.basename(os.path.abspath(model_dir).rstrip("/"))


_log_silenced = None


def silence_log():
    """Silence PocketSphinx's process-global log as the runtime does (err_set_logfp(NULL)), so no
    decoder formats log lines the other does not. The SWIG binding does not expose the call, so it
    goes through ctypes to the same libsphinxbase the binding uses. Returns how it was silenced."""
    global _log_silenced
    if _log_silenced is None:
        try:
            ctypes.CDLL("libsphinxbase.so.3").err_set_logfp(None)
            _log_silenced = "err_set_logfp(NULL)"
        except (OSError, AttributeError):
            _log_silenced = "-logfn /dev/null"
    return _log_silenced


_decoder_creation = threading.Lock()  # ps_init touches process-global state: one at a time, as the runtime


class PeerDecoder:
    """One decoder, used by one thread."""

    def __init__(self, arguments):
        method = silence_log()
        with _decoder_creation:
            started = time.perf_counter()
            config = Decoder.default_config()
            for option, value in arguments:
                set_option(config, option, value)
            if method != "err_set_logfp(NULL)":
                config.set_string("-logfn", "/dev/null")
            self.decoder = Decoder(config)
            self.load_seconds = time.perf_counter() - started
        self.logmath = self.decoder.get_logmath()

    def decode(self, pcm):
        """Whole-utterance decoding (full_utt): start_stream, start_utt, one process_raw of all the
        samples with full_utt=True, end_utt. Returns (text, confidence, frames)."""
        decoder = self.decoder
        decoder.start_stream()
        decoder.start_utt()
        try:
            if decoder.process_raw(pcm, False, True) < 0:
                raise RuntimeError("ps_process_raw failed")
        finally:
            decoder.end_utt()
        hypothesis = decoder.hyp()
        text = " ".join(hypothesis.hypstr.split()) if hypothesis is not None else ""
        # Confidence as the runtime computes it: the mean posterior of the words, fillers excluded.
        posteriors = [self.logmath.exp(segment.prob) for segment in decoder.seg()
                      if segment.word and segment.word[0] not in "<[+"]
        confidence = min(1.0, max(0.0, sum(posteriors) / len(posteriors))) if posteriors else 0.0
        return text, confidence, decoder.n_frames()


# --------------------------------------------------------------------------------------------
# Errors, audio input
# --------------------------------------------------------------------------------------------

class APIError(Exception):
    def __init__(self, status, code, message, retry_after=None):
        super().__init__(message)
        self.status, self.code, self.message, self.retry_after = status, code, message, retry_after


def bad_request(message, code="bad_request"):
    return APIError(400, code, message)


def check_length(byte_count):
    if byte_count > MAX_PCM_BYTES:
        raise APIError(413, "audio_too_long", "audio is %d s long; at most %d s per request"
                       % (byte_count // (SAMPLE_RATE * 2), MAX_SECONDS))


def looks_like_wav(data):
    return len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WAVE"


def pcm_from_raw(data):
    check_length(len(data))
    if not data:
        raise bad_request("PCM: the audio is empty", "bad_audio")
    if len(data) % 2:
        raise bad_request("PCM: %d bytes is not a whole number of 16-bit samples" % len(data), "bad_audio")
    return bytes(data)


def pcm_from_wav(data):
    try:
        with wave.open(io.BytesIO(data), "rb") as wav:
            if wav.getframerate() != SAMPLE_RATE:
                raise bad_request("WAV: sample rate %d Hz; send 16000 Hz" % wav.getframerate(), "bad_audio")
            if wav.getnchannels() != 1:
                raise bad_request("WAV: %d channels; send mono" % wav.getnchannels(), "bad_audio")
            if wav.getsampwidth() != 2:
                raise bad_request("WAV: %d bits per sample; send 16-bit PCM" % (8 * wav.getsampwidth()), "bad_audio")
            check_length(wav.getnframes() * 2)
            pcm = wav.readframes(wav.getnframes())
    except APIError:
        raise
    except (wave.Error, EOFError, ValueError) as error:
        raise bad_request("WAV: %s" % error, "bad_audio")
    return pcm_from_raw(pcm)


def pcm_from_base64(text, sample_rate):
    if sample_rate is not None and sample_rate != SAMPLE_RATE:
        raise bad_request("sample_rate %s is not supported: send 16000 Hz mono signed 16-bit little-endian PCM"
                          % sample_rate, "bad_audio")
    if not text:
        raise bad_request("audio_data is empty", "bad_audio")
    try:
        data = base64.b64decode(text)
    except (binascii.Error, ValueError):
        try:
            data = base64.b64decode(text + "==")
        except (binascii.Error, ValueError):
            raise bad_request("audio_data is not valid base64", "bad_base64")
    return pcm_from_wav(data) if looks_like_wav(data) else pcm_from_raw(data)


def parse_priority(value):
    if value is None:
        return 2
    try:
        priority = int(value)
    except (TypeError, ValueError):
        priority = None
    if priority not in PRIORITY_NAMES or isinstance(value, bool):
        raise bad_request("priority %s is not allowed; use 1 (high), 2 (medium) or 3 (low)" % value, "bad_priority")
    return priority


# --------------------------------------------------------------------------------------------
# Cache, scheduler, statistics
# --------------------------------------------------------------------------------------------

class ResultCache:
    """In-process LRU of results bounded in bytes (ASR_CACHE_SIZE_MB); key = sha256(engine, language, PCM)."""

    ENTRY_OVERHEAD = 200  # rough bytes per entry beyond the text (dict slot, tuple, key)

    def __init__(self, budget_bytes):
        self.budget = budget_bytes
        self.entries = collections.OrderedDict()
        self.bytes = 0
        self.hits = 0
        self.evictions = 0
        self.lock = threading.Lock()

    @staticmethod
    def key(engine, language, pcm):
        digest = hashlib.sha256()
        digest.update(engine.encode() + b"\0" + (language or "").encode() + b"\0")
        digest.update(pcm)
        return digest.hexdigest()

    def get(self, key):
        if self.budget <= 0:
            return None
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
                self.hits += 1
            return value

    def put(self, key, value):
        size = len(value[0].encode()) + len(key) + self.ENTRY_OVERHEAD
        if self.budget <= 0 or size > self.budget:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = value
            self.bytes += size
            while self.bytes > self.budget:
                old_key, old_value = self.entries.popitem(last=False)
                self.bytes -= len(old_value[0].encode()) + len(old_key) + self.ENTRY_OVERHEAD
                self.evictions += 1


class Job:
    __slots__ = ("pcm", "priority", "done", "result", "error", "decode_seconds")

    def __init__(self, pcm, priority):
        self.pcm, self.priority = pcm, priority
        self.done = threading.Event()
        self.result = self.error = None
        self.decode_seconds = 0.0


class Scheduler:
    """ASR_MAX_CONCURRENT slots, then a per-priority queue to the decoder threads. A request waiting
    for a slot or for a decoder counts as waiting; with ASR_QUEUE_SIZE waiting, the next is refused
    at once (503 queue_full, Retry-After as the runtime estimates it)."""

    def __init__(self, workers, queue_size, max_concurrent):
        self.workers, self.queue_size, self.max_concurrent = workers, queue_size, max_concurrent
        self.cond = threading.Condition()
        self.open = 0
        self.slot_waiters = [collections.deque() for _ in range(3)]
        self.queued = [collections.deque() for _ in range(3)]
        self.draining = False
        self.busy = 0
        self.decode_seconds_avg = 0.4  # prior until measured

    def waiting_locked(self):
        return sum(len(q) for q in self.queued) + sum(len(q) for q in self.slot_waiters)

    def submit(self, job):
        with self.cond:
            if self.draining:
                raise APIError(503, "shutting_down", "the service is shutting down", 5)
            waiting = self.waiting_locked()
            if waiting >= self.queue_size:
                seconds = (waiting + 1) * self.decode_seconds_avg / max(1, self.workers)
                raise APIError(503, "queue_full", "the queue is full (%d waiting, ASR_QUEUE_SIZE %d)"
                               % (waiting, self.queue_size), max(1, int(-(-seconds // 1))))
            if self.open < self.max_concurrent:
                self.open += 1
                self.queued[job.priority - 1].append(job)
                self.cond.notify()
            else:
                self.slot_waiters[job.priority - 1].append(job)

    def take(self):
        """Blocks until a job is queued (returns it) or the scheduler is closed and empty (None)."""
        with self.cond:
            while True:
                for level in self.queued:
                    if level:
                        self.busy += 1
                        return level.popleft()
                if self.draining and self.open == 0:
                    return None
                self.cond.wait()

    def finished(self, job):
        with self.cond:
            self.busy -= 1
            if job.decode_seconds:
                self.decode_seconds_avg = 0.9 * self.decode_seconds_avg + 0.1 * job.decode_seconds
            self.open -= 1
            for level in self.slot_waiters:
                if level:
                    self.open += 1
                    waiter = level.popleft()
                    self.queued[waiter.priority - 1].append(waiter)
                    break
            self.cond.notify_all()

    def drain(self):
        with self.cond:
            self.draining = True
            self.cond.notify_all()

    def snapshot(self):
        with self.cond:
            return {
                "open": self.open,
                "busy": self.busy,
                "waiting": [len(self.queued[i]) + len(self.slot_waiters[i]) for i in range(3)],
            }


def rss_mb():
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except OSError:  # pragma: no cover
        return 0.0


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, int(round(fraction * (len(sorted_values) - 1)))))
    return sorted_values[index]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.total = self.succeeded = self.failed = 0
        self.latency_sum = 0.0
        self.latencies = collections.deque(maxlen=10000)
        self.decodes = 0
        self.decode_sum = 0.0
        self.audio_seconds = 0.0
        self.concurrent = 0
        self.rejections = collections.Counter()
        self.cpu_mark = (time.monotonic(), sum(os.times()[:2]))

    def begin(self):
        with self.lock:
            self.concurrent += 1

    def end(self, latency, ok, rejection=None):
        with self.lock:
            self.concurrent -= 1
            self.total += 1
            if ok:
                self.succeeded += 1
                self.latency_sum += latency
                self.latencies.append(latency)
            else:
                self.failed += 1
            if rejection:
                self.rejections[rejection] += 1

    def decoded(self, seconds, audio_seconds):
        with self.lock:
            self.decodes += 1
            self.decode_sum += seconds
            self.audio_seconds += audio_seconds

    def cpu_percent(self):
        now, cpu = time.monotonic(), sum(os.times()[:2])
        with self.lock:
            then, cpu_then = self.cpu_mark
            self.cpu_mark = (now, cpu)
        return 100.0 * (cpu - cpu_then) / (now - then) if now > then else 0.0


# --------------------------------------------------------------------------------------------
# The service
# --------------------------------------------------------------------------------------------

class Service:
    def __init__(self, args):
        self.args = args
        self.arguments = decoder_arguments(args.model_dir) + search_options(args.search_options)
        self.engine = engine_id(args.model_dir)
        self.scheduler = Scheduler(args.workers, args.queue_size, args.max_concurrent)
        self.cache = ResultCache(args.cache_size_mb * 1024 * 1024)
        self.stats = Stats()
        self.started = time.monotonic()
        self.ready = threading.Event()
        self.loaded = 0
        self.load_seconds = []
        self.load_error = None
        self.state_lock = threading.Lock()
        self.threads = []

    # Workers -----------------------------------------------------------------------------

    def start_workers(self):
        for index in range(self.args.workers):
            thread = threading.Thread(target=self.worker, name="decoder-%d" % index, daemon=True)
            thread.start()
            self.threads.append(thread)

    def worker(self):
        try:
            decoder = PeerDecoder(self.arguments)  # created on, and used only by, this thread
        except Exception as error:  # pragma: no cover - a broken model
            self.load_error = str(error)
            sys.stderr.write("pocketsphinx_peer: decoder failed to load: %s\n" % error)
            self.ready.set()
            return
        with self.state_lock:
            self.loaded += 1
            self.load_seconds.append(decoder.load_seconds)
            if self.loaded == self.args.workers:
                self.ready.set()
        while True:
            job = self.scheduler.take()
            if job is None:
                return
            started = time.perf_counter()
            try:
                job.result = decoder.decode(job.pcm)
            except Exception as error:
                job.error = error
            job.decode_seconds = time.perf_counter() - started
            if job.error is None:
                self.stats.decoded(job.decode_seconds, len(job.pcm) / (SAMPLE_RATE * 2.0))
            self.scheduler.finished(job)
            job.done.set()

    # Requests ----------------------------------------------------------------------------

    def state(self):
        if self.scheduler.draining:
            return "shutting_down"
        if self.load_error:
            return "failed"
        return "healthy" if self.ready.is_set() else "loading"

    def recognize(self, pcm, language, priority):
        """Returns (text, confidence, cached)."""
        state = self.state()
        if state == "loading":
            raise APIError(503, "loading", "the speech models are still loading", 1)
        if state == "failed":
            raise APIError(503, "engine_failed", "the speech models failed to load; see the service log", 30)
        key = ResultCache.key(self.engine, language, pcm)
        hit = self.cache.get(key)
        if hit is not None:
            return hit[0], hit[1], True
        job = Job(pcm, priority)
        self.scheduler.submit(job)
        job.done.wait()
        if job.error is not None:
            raise APIError(500, "decode_failed", "decoding failed: %s" % job.error)
        text, confidence, _frames = job.result
        self.cache.put(key, (text, confidence))
        return text, confidence, False

    def health(self):
        state = self.state()
        snapshot = self.scheduler.snapshot()
        return (state == "healthy"), {
            "status": state,
            "service": "asr",
            "optimization": "python-peer",
            "current_concurrent": snapshot["open"],
            "max_concurrent": self.args.max_concurrent,
            "workers": self.args.workers,
            "workers_ready": self.loaded,
            "memory_mb": round(rss_mb(), 1),
            "memory_level": "unmonitored",
            "redis": "disabled",
            "engine": "%s (python3-pocketsphinx %s)" % (self.engine, binding_version()),
            "uptime_seconds": round(time.monotonic() - self.started, 3),
        }

    def stats_report(self):
        stats, cache = self.stats, self.cache
        snapshot = self.scheduler.snapshot()
        cpu = stats.cpu_percent()
        with stats.lock:
            latencies = sorted(stats.latencies)
            succeeded = stats.succeeded
            avg_latency = stats.latency_sum / succeeded if succeeded else 0.0
            hits = cache.hits
            report_total, failed, concurrent = stats.total, stats.failed, stats.concurrent
            decodes, decode_sum, audio_seconds = stats.decodes, stats.decode_sum, stats.audio_seconds
            rejections = dict(stats.rejections)
        memory = rss_mb()
        return {
            "processor": {
                "total_requests": report_total,
                "avg_processing_time": round(avg_latency, 6),
                "cache_hit_rate": round(hits / succeeded, 6) if succeeded else 0.0,
                "batch_size": 1,
                "chunk_size": 0,
                "cache_size": len(cache.entries),
                "decodes": decodes,
                "deduplicated": 0,
                "audio_seconds_decoded": round(audio_seconds, 3),
                "avg_decode_time": round(decode_sum / decodes, 6) if decodes else 0.0,
            },
            "service": {
                "total_requests": report_total,
                "avg_latency": round(avg_latency, 6),
                "concurrent_requests": concurrent,
                "current_concurrent": snapshot["open"],
                "max_concurrent": self.args.max_concurrent,
                "cache_hits": hits,
                "memory_usage": round(memory, 1),
                "cpu_usage": round(cpu, 1),
                "succeeded": succeeded,
                "failed": failed,
                "error_rate": round(failed / report_total, 6) if report_total else 0.0,
            },
            "queues": {
                "high": snapshot["waiting"][0],
                "medium": snapshot["waiting"][1],
                "low": snapshot["waiting"][2],
                "capacity": self.args.queue_size,
            },
            "latency": {
                "p50": round(percentile(latencies, 0.50), 6),
                "p95": round(percentile(latencies, 0.95), 6),
                "p99": round(percentile(latencies, 0.99), 6),
            },
            "rejections": rejections,
            "memory": {"rss_mb": round(memory, 1), "peak_rss_mb": round(peak_rss_mb(), 1)},
            "cache": {"l1_entries": len(cache.entries), "l1_bytes": cache.bytes, "l1_budget_bytes": cache.budget,
                      "l1_hits": cache.hits, "l1_evictions": cache.evictions, "l2_hits": 0},
            "workers": {"threads": self.args.workers, "busy": snapshot["busy"], "ready": self.loaded,
                        "load_seconds": [round(s, 3) for s in self.load_seconds]},
            "peer": {"binding": "python3-pocketsphinx " + binding_version(), "python": sys.version.split()[0],
                     "server": "http.server.ThreadingHTTPServer", "log": silence_log()},
        }


class Handler(KeepAliveHandler):
    server_version = "pocketsphinx-peer"

    # Plumbing ----------------------------------------------------------------------------

    def send_json(self, status, body, retry_after=None):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if retry_after is not None:
            self.send_header("Retry-After", str(retry_after))
        self.end_headers()
        self.wfile.write(data)

    def send_error_json(self, error):
        if error.status in (413,) or error.code == "body_too_large":
            self.close_connection = True
        self.send_json(error.status, {"success": False, "error": error.message, "code": error.code}, error.retry_after)

    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks, total = [], 0
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                total += size
                if total > MAX_BODY_BYTES:
                    raise APIError(413, "body_too_large", "request body is larger than %d bytes (%d s of audio)"
                                   % (MAX_BODY_BYTES, MAX_SECONDS))
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            raise APIError(413, "body_too_large", "request body is larger than %d bytes (%d s of audio)"
                           % (MAX_BODY_BYTES, MAX_SECONDS))
        return self.rfile.read(length) if length > 0 else b""

    # Routes ------------------------------------------------------------------------------

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/health":
            ready, body = self.service.health()
            self.send_json(200 if ready else 503, body)
        elif path == "/asr/stats":
            self.send_json(200, self.service.stats_report())
        else:
            self.send_json(404, {"success": False, "error": "no route GET %s" % path, "code": "not_found"})

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/asr/recognize":
            self.read_body_quietly()
            self.send_json(404, {"success": False, "error": "no route POST %s" % url.path, "code": "not_found"})
            return
        service = self.service
        started = time.perf_counter()
        service.stats.begin()
        rejection = None
        ok = False
        try:
            response = self.recognize(url, started)
            ok = True
        except APIError as error:
            if error.status == 503:
                rejection = error.code
            self.send_error_json(error)
        except Exception as error:  # a bug: answer, and keep serving
            self.send_error_json(APIError(500, "internal", "internal error: %s" % error))
        else:
            self.send_json(200, response)
        finally:
            service.stats.end(time.perf_counter() - started, ok, rejection)

    def read_body_quietly(self):
        try:
            self.read_body()
        except APIError:
            self.close_connection = True

    def recognize(self, url, started):
        query = urllib.parse.parse_qs(url.query)
        session_id = query.get("session_id", [None])[0]
        language = query.get("language", [None])[0]
        priority = query.get("priority", [None])[0]
        body = self.read_body()
        content_type = (self.headers.get("Content-Type") or "").lower()
        if "json" in content_type or (not content_type and body[:1] == b"{"):
            try:
                parsed = json.loads(body)
            except ValueError as error:
                raise bad_request("request body is not the expected JSON: %s" % error, "bad_json")
            if not isinstance(parsed, dict):
                raise bad_request("request body is not the expected JSON: expected an object", "bad_json")
            if "audio_data" not in parsed:
                raise bad_request('request body is not the expected JSON: missing field "audio_data"', "bad_json")
            for name, kind in (("audio_data", str), ("session_id", str), ("language", str),
                               ("sample_rate", int), ("priority", int), ("timestamp", (int, float))):
                value = parsed.get(name)
                if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
                    raise bad_request('request body is not the expected JSON: field "%s" has the wrong type' % name,
                                      "bad_json")
            pcm = pcm_from_base64(parsed["audio_data"], parsed.get("sample_rate"))
            session_id = parsed.get("session_id") or session_id
            language = parsed.get("language") or language
            priority = parsed.get("priority") if parsed.get("priority") is not None else priority
        elif "wav" in content_type or looks_like_wav(body):
            pcm = pcm_from_wav(body)
        elif not content_type or any(kind in content_type for kind in ("octet-stream", "l16", "pcm")):
            pcm = pcm_from_raw(body)
        else:
            raise APIError(415, "unsupported_media_type",
                           "Content-Type %s is not accepted; send application/json (base64 PCM), audio/wav or "
                           "application/octet-stream (16 kHz s16le PCM)" % content_type)
        priority = parse_priority(priority)
        text, confidence, cached = self.service.recognize(pcm, language, priority)
        return {
            "success": True,
            "text": text,
            "confidence": confidence,
            "processing_time": time.perf_counter() - started,
            "cached": cached,
            "audio_size": len(pcm),
            "session_id": session_id,
            "cache_level": "l1" if cached else None,
        }


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # listen backlog: the bench opens many connections at once
    allow_reuse_address = True


def env_int(name, default):
    value = os.environ.get(name)
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        sys.stderr.write("pocketsphinx_peer: %s=%r is not an integer\n" % (name, value))
        sys.exit(64)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001, help="0 picks a free port (printed on the ready line)")
    parser.add_argument("--workers", type=int, default=env_int("ASR_WORKER_THREADS", 4))
    parser.add_argument("--queue-size", type=int, default=env_int("ASR_QUEUE_SIZE", 50))
    parser.add_argument("--max-concurrent", type=int, default=env_int("ASR_MAX_CONCURRENT", 20))
    parser.add_argument("--cache-size-mb", type=int, default=env_int("ASR_CACHE_SIZE_MB", 512))
    parser.add_argument("--timeout", type=float, default=env_int("ASR_NETWORK_TIMEOUT", 30))
    parser.add_argument("--model-dir", default=os.environ.get("ASR_MODEL_DIR") or DEFAULT_MODEL_DIR)
    parser.add_argument("--search-options", default="",
                        help="further PocketSphinx options, e.g. --search-options='-fwdflat no -maxhmmpf 3000' "
                             "(the runtime's search level; asrctl bench passes its default's)")
    parser.add_argument("--verbose", action="store_true", help="log every request on standard error")
    args = parser.parse_args(argv)
    for name in ("workers", "queue_size", "max_concurrent"):
        if getattr(args, name) < 1:
            parser.error("--%s must be at least 1" % name.replace("_", "-"))
    if args.cache_size_mb < 0:
        parser.error("--cache-size-mb must be 0 (off) or more")
    return args


def main(argv=None):
    launched = time.monotonic()
    args = parse_args(argv)
    try:
        service = Service(args)
    except FileNotFoundError as error:
        sys.stderr.write("pocketsphinx_peer: %s\n" % error)
        return 3
    Handler.service = service
    Handler.timeout = args.timeout  # a client stalled mid-request is dropped after this
    try:
        server = Server((args.host, args.port), Handler)
    except OSError as error:
        sys.stderr.write("pocketsphinx_peer: cannot listen on %s:%d: %s\n" % (args.host, args.port, error))
        return 3
    host, port = server.server_address[:2]

    stopping = threading.Event()

    def stop(signum, _frame):
        if stopping.is_set():
            return
        stopping.set()

        def drain():
            service.scheduler.drain()  # new work: 503 shutting_down
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with service.stats.lock:
                    if service.stats.concurrent == 0:
                        break
                time.sleep(0.01)
            server.shutdown()  # stops serve_forever in the main thread

        threading.Thread(target=drain, name="drain", daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def announce():
        service.ready.wait()
        if service.load_error:
            sys.stderr.write("pocketsphinx_peer: not ready: %s\n" % service.load_error)
            return
        print("pocketsphinx-peer ready on http://%s:%d workers=%d queue_size=%d max_concurrent=%d cache_mb=%d "
              "startup_s=%.3f decoder_load_s=%s rss_mb=%.1f binding=python3-pocketsphinx-%s log=%s"
              % (host, port, args.workers, args.queue_size, args.max_concurrent, args.cache_size_mb,
                 time.monotonic() - launched, ",".join("%.3f" % s for s in service.load_seconds), rss_mb(),
                 binding_version(), silence_log()), flush=True)

    service.start_workers()
    threading.Thread(target=announce, name="announce", daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
