"""whisper_server: faster-whisper behind the OpenAI transcription API, as asrctl's `upstream` engine.

A small OpenAI-compatible server for `make engines-check` and `asrctl bench` §8: Whisper (a
CTranslate2 model directory, e.g. Whisper base assembled by `bench/engines_check.py`) through
faster-whisper, served with the Python standard library (http.server.ThreadingHTTPServer).

    .engines/venv/bin/python bench/peers/whisper_server.py --model-dir .engines/whisper-base --port 18900

Endpoints:
  POST /v1/audio/transcriptions  multipart/form-data: file (WAV, or anything PyAV decodes), model,
                                 language (ISO 639-1; `en-US`, `zh-CN` are cut to `en`, `zh`; none or
                                 `auto` = detect), prompt, response_format (json | text | verbose_json),
                                 temperature  ->  {"text": ...}
  GET  /v1/models                {"object": "list", "data": [{"id": <model name>, ...}]}
  GET  /v1/models/<id>           the model, or 404
  GET  /health                   {"status": "ok", "model", "requests", "requests_by_language", ...}
Errors are OpenAI-shaped: {"error": {"message", "type", "param", "code"}} with 400/404/405/413/415/500.

Prints `whisper-server ready on http://HOST:PORT ...` on standard output once the model is loaded
(before that nothing listens). SIGTERM/SIGINT: stops serving and exits 0. It never downloads: the
model directory must hold model.bin, config.json, tokenizer.json and vocabulary.txt.

Why not PyPI's faster-whisper-server (0.0.3, tried): it has no /v1/models (asrctl's probe and
`check-host` ask for it), reads the model from a form field named `model_name` instead of `model`,
answers a BCP 47 tag such as `en-US` (asrctl's default language) with a 500, nests its errors
under FastAPI's `detail`, sets no compute type without a YAML file, and pulls in FastAPI, uvicorn,
uvloop, watchfiles and pydantic for what fits in this file.
"""
import argparse
import io
import json
import os
import signal
import sys
import threading
import time
import wave
from http.server import ThreadingHTTPServer

from peerlib import KeepAliveHandler

SAMPLE_RATE = 16000
MAX_BODY_BYTES = 25 * 1024 * 1024 + 64 * 1024  # OpenAI's 25 MB file limit, plus the other fields
RESPONSE_FORMATS = ("json", "text", "verbose_json")

try:
    import numpy
    from faster_whisper import WhisperModel
    from faster_whisper.audio import decode_audio
    from faster_whisper.tokenizer import _LANGUAGE_CODES as LANGUAGE_CODES
except ImportError as error:  # pragma: no cover - depends on the interpreter
    sys.stderr.write("whisper_server: cannot import faster-whisper (%s); run it with the venv that "
                     "`make engines-check` creates (.engines/venv/bin/python)\n" % error)
    sys.exit(3)


class APIError(Exception):
    """An answer other than 200, in OpenAI's error shape."""

    def __init__(self, status, message, code, kind="invalid_request_error", param=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.kind = kind
        self.param = param

    def body(self):
        return {"error": {"message": self.message, "type": self.kind, "param": self.param, "code": self.code}}


def parse_multipart(body, content_type):
    """The parts of a multipart/form-data body: {name: (filename, content type, bytes)}."""
    boundary = None
    for parameter in content_type.split(";")[1:]:
        key, _, value = parameter.strip().partition("=")
        if key.lower() == "boundary":
            boundary = value.strip().strip('"')
    if not boundary:
        raise APIError(400, "send multipart/form-data with a boundary and a `file` part", "bad_form")
    delimiter = b"--" + boundary.encode("latin-1")
    parts = {}
    chunks = body.split(delimiter)
    if len(chunks) < 3:
        raise APIError(400, "the multipart form has no parts", "bad_form")
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        if chunk.startswith(b"\r\n"):
            chunk = chunk[2:]
        head, separator, data = chunk.partition(b"\r\n\r\n")
        if not separator:
            raise APIError(400, "a multipart part has no header end", "bad_form")
        if data.endswith(b"\r\n"):
            data = data[:-2]
        name = filename = None
        part_type = "text/plain"
        for line in head.decode("utf-8", "replace").split("\r\n"):
            header, _, value = line.partition(":")
            if header.strip().lower() == "content-disposition":
                for item in value.split(";")[1:]:
                    key, _, quoted = item.strip().partition("=")
                    if key == "name":
                        name = quoted.strip('"')
                    elif key == "filename":
                        filename = quoted.strip('"')
            elif header.strip().lower() == "content-type":
                part_type = value.strip()
        if name:
            parts[name] = (filename, part_type, data)
    return parts


def audio_samples(data):
    """16 kHz mono float32 samples: a 16-bit PCM WAV at 16 kHz directly, anything else through PyAV."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        try:
            with wave.open(io.BytesIO(data)) as reader:
                if reader.getsampwidth() == 2 and reader.getframerate() == SAMPLE_RATE:
                    frames = reader.readframes(reader.getnframes())
                    samples = numpy.frombuffer(frames, dtype="<i2").astype(numpy.float32) / 32768.0
                    channels = reader.getnchannels()
                    if channels > 1:
                        samples = samples.reshape(-1, channels).mean(axis=1)
                    return samples
        except (wave.Error, EOFError, ValueError):
            pass  # let PyAV say what is wrong with it
    try:
        return decode_audio(io.BytesIO(data), sampling_rate=SAMPLE_RATE)
    except Exception as error:  # PyAV raises its own hierarchy
        raise APIError(400, "the file could not be decoded as audio: %s" % error, "bad_audio", param="file")


def whisper_language(value):
    """`en`, `en-US`, `zh_CN` -> `en`, `zh`; empty or `auto` -> None (Whisper detects it)."""
    if value is None:
        return None
    value = value.strip().lower()
    if value in ("", "auto"):
        return None
    primary = value.replace("_", "-").split("-", 1)[0]
    if primary not in LANGUAGE_CODES:
        raise APIError(400, "language %r is not one Whisper knows (ISO 639-1, e.g. en, zh)" % value,
                       "unsupported_language", param="language")
    return primary


class Service:
    """The loaded model and what it has answered."""

    def __init__(self, args):
        self.args = args
        self.model = WhisperModel(args.model_dir, device="cpu", compute_type=args.compute_type,
                                  cpu_threads=args.cpu_threads, num_workers=args.workers,
                                  local_files_only=True)
        self.created = int(time.time())
        self.lock = threading.Lock()
        self.requests = 0
        self.failures = 0
        self.by_language = {}
        self.seconds = 0.0

    def model_object(self):
        return {"id": self.args.model_name, "object": "model", "created": self.created, "owned_by": "faster-whisper"}

    def transcribe(self, fields, audio):
        model = fields.get("model")
        if model and model != self.args.model_name:
            raise APIError(404, "The model `%s` does not exist; this server has `%s`" % (model, self.args.model_name),
                           "model_not_found", param="model")
        response_format = (fields.get("response_format") or "json").lower()
        if response_format not in RESPONSE_FORMATS:
            raise APIError(400, "response_format %s is not supported; use %s" % (response_format, ", ".join(RESPONSE_FORMATS)),
                           "unsupported_response_format", param="response_format")
        language = whisper_language(fields.get("language"))
        options = {"language": language, "beam_size": self.args.beam_size, "initial_prompt": fields.get("prompt") or None}
        if fields.get("temperature"):
            try:
                options["temperature"] = float(fields["temperature"])
            except ValueError:
                raise APIError(400, "temperature %r is not a number" % fields["temperature"], "bad_temperature", param="temperature")
        started = time.monotonic()
        segments, info = self.model.transcribe(audio, **options)
        segments = list(segments)
        elapsed = time.monotonic() - started
        text = "".join(segment.text for segment in segments).strip()
        with self.lock:
            self.requests += 1
            self.seconds += elapsed
            key = language or "auto"
            self.by_language[key] = self.by_language.get(key, 0) + 1
        if response_format == "text":
            return text
        if response_format == "verbose_json":
            return {"task": "transcribe", "language": info.language, "duration": info.duration, "text": text,
                    "segments": [{"id": index, "start": segment.start, "end": segment.end, "text": segment.text.strip()}
                                 for index, segment in enumerate(segments)]}
        return {"text": text}

    def health(self):
        with self.lock:
            return {"status": "ok", "model": self.args.model_name, "compute_type": self.args.compute_type,
                    "requests": self.requests, "failures": self.failures,
                    "requests_by_language": dict(self.by_language),
                    "transcribe_seconds": round(self.seconds, 3)}

    def failed(self):
        with self.lock:
            self.failures += 1


class Handler(KeepAliveHandler):
    server_version = "whisper-server"

    def send_body(self, status, data, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_json(self, status, body):
        self.send_body(status, json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json")

    def do_GET(self):
        path = self.path.split("?", 1)[0].rstrip("/")
        if path == "/health":
            return self.send_json(200, self.service.health())
        if path == "/v1/models":
            return self.send_json(200, {"object": "list", "data": [self.service.model_object()]})
        if path.startswith("/v1/models/"):
            if path[len("/v1/models/"):] == self.service.args.model_name:
                return self.send_json(200, self.service.model_object())
            error = APIError(404, "The model `%s` does not exist" % path[len("/v1/models/"):], "model_not_found")
            return self.send_json(error.status, error.body())
        error = APIError(404, "no route GET %s" % path, "not_found")
        self.send_json(error.status, error.body())

    def do_POST(self):
        path = self.path.split("?", 1)[0].rstrip("/")
        try:
            if path != "/v1/audio/transcriptions":
                raise APIError(404, "no route POST %s" % path, "not_found")
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES:
                self.close_connection = True
                raise APIError(413, "the body is %d bytes; the limit is %d" % (length, MAX_BODY_BYTES), "body_too_large")
            body = self.rfile.read(length)
            content_type = self.headers.get("Content-Type") or ""
            if not content_type.lower().startswith("multipart/form-data"):
                raise APIError(415, "send multipart/form-data (file, model, language, response_format)", "unsupported_media_type")
            parts = parse_multipart(body, content_type)
            if "file" not in parts or not parts["file"][2]:
                raise APIError(400, "the form has no `file` part", "bad_form", param="file")
            fields = {name: value[2].decode("utf-8", "replace") for name, value in parts.items() if name != "file"}
            answer = self.service.transcribe(fields, audio_samples(parts["file"][2]))
            if isinstance(answer, str):
                self.send_body(200, (answer + "\n").encode("utf-8"), "text/plain; charset=utf-8")
            else:
                self.send_json(200, answer)
        except APIError as error:
            self.service.failed()
            self.send_json(error.status, error.body())
        except Exception as error:  # the model failed: say so, keep serving
            self.service.failed()
            failure = APIError(500, "transcription failed: %s" % error, "server_error", kind="server_error")
            self.send_json(failure.status, failure.body())


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def parse_args(argv):
    parser = argparse.ArgumentParser(description="faster-whisper behind the OpenAI transcription API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port; the ready line names it")
    parser.add_argument("--model-dir", required=True, help="CTranslate2 Whisper model directory (model.bin, config.json, ...)")
    parser.add_argument("--model-name", default="whisper-base", help="the id /v1/models lists and requests must name")
    parser.add_argument("--compute-type", default="int8", help="CTranslate2 compute type (int8, float32, ...)")
    parser.add_argument("--cpu-threads", type=int, default=0, help="threads per transcription (0: CTranslate2's default)")
    parser.add_argument("--workers", type=int, default=1, help="transcriptions run at once")
    parser.add_argument("--beam-size", type=int, default=5)
    parser.add_argument("--verbose", action="store_true", help="log every request to standard error")
    return parser.parse_args(argv)


def main(argv=None):
    launched = time.monotonic()
    args = parse_args(argv)
    missing = [name for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt")
               if not os.path.isfile(os.path.join(args.model_dir, name))]
    if missing:
        sys.stderr.write("whisper_server: %s lacks %s\n" % (args.model_dir, ", ".join(missing)))
        return 3
    Handler.service = Service(args)
    try:
        server = Server((args.host, args.port), Handler)
    except OSError as error:
        sys.stderr.write("whisper_server: cannot listen on %s:%d: %s\n" % (args.host, args.port, error))
        return 3

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    host, port = server.server_address[:2]
    print("whisper-server ready on http://%s:%d model=%s compute_type=%s cpu_threads=%d workers=%d load_s=%.2f"
          % (host, port, args.model_name, args.compute_type, args.cpu_threads, args.workers, time.monotonic() - launched),
          flush=True)
    server.serve_forever()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
