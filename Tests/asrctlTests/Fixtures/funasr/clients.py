"""FunASR WebSocket clients written by others, driven against asrctl's FunASR listener.

  clients.py funasr-client URI FILE MODE
      PyPI funasr-client's async_file_asr_stream (FILE: raw 16 kHz PCM named *.pcm); prints
      every message it receives as one JSON line. (Its synchronous client deadlocks on close in
      0.1.6: close() takes its lock and signal_close() takes it again.)
  clients.py rounds URI FILE PACE CONFIG_JSON...
      One connection, one round per config: the config, FILE in 60 ms messages (PACE "paced":
      in real time, else all at once), {"is_speaking": false}, then messages until is_final.
      Prints every message as a JSON line with its "round"; a close as {"closed": …}.
  clients.py xiaozhi URI FILE API_KEY
      What xiaozhi-esp32-server's FunASRServer provider sends (core/providers/asr/fun_server.py):
      the `Bearer; <key>` header, subprotocol binary, an offline config, the utterance as one
      binary message, the end message; reads until is_final like the provider does. Prints
      {"text": …} or {"closed": code, "reason": …}.
  clients.py xiaozhi-openai URL FILE API_KEY
      What xiaozhi-esp32-server's OpenaiASR provider sends (core/providers/asr/openai.py): the
      utterance saved as a WAV file, POSTed with requests as multipart `file` + `model`, with
      `Authorization: Bearer <key>`. Prints {"status": …, "text": …}.

Every run ends within 60 s (SIGALRM), so a server that never answers fails the test, not hangs it.
"""
import asyncio
import json
import signal
import sys


async def funasr_client_run(uri, path, mode):
    from funasr_client import async_file_asr_stream

    async for message in async_file_asr_stream(path, uri, mode=mode):
        print(json.dumps(message), flush=True)


async def rounds_run(uri, path, pace, configs):
    import websockets

    with open(path, "rb") as f:
        pcm = f.read()
    step = 1920  # 60 ms of 16 kHz s16le
    try:
        async with websockets.connect(uri, subprotocols=["binary"], ping_interval=None) as ws:
            for index, config in enumerate(configs):
                await ws.send(config)
                for start in range(0, len(pcm), step):
                    await ws.send(pcm[start:start + step])
                    if pace == "paced":
                        await asyncio.sleep(0.06)
                await ws.send(json.dumps({"is_speaking": False}))
                while True:
                    message = json.loads(await asyncio.wait_for(ws.recv(), timeout=30))
                    print(json.dumps(dict(message, round=index)), flush=True)
                    if message.get("is_final"):
                        break
    except websockets.exceptions.ConnectionClosed as closed:
        frame = closed.rcvd
        print(json.dumps({"closed": frame.code if frame else None, "reason": frame.reason if frame else ""}))


async def xiaozhi_run(uri, path, api_key):
    import websockets

    with open(path, "rb") as f:
        pcm = f.read()
    try:
        async with websockets.connect(
            uri,
            additional_headers={"Authorization": "Bearer; {}".format(api_key)},
            subprotocols=["binary"],
            ping_interval=None,
        ) as ws:
            await ws.send(json.dumps({
                "mode": "offline",
                "chunk_size": [5, 10, 5],
                "chunk_interval": 10,
                "wav_name": "session-1",
                "is_speaking": True,
                "itn": False,
            }))
            await ws.send(pcm)
            await ws.send(json.dumps({"is_speaking": False}))
            text = ""
            while True:
                response = json.loads(await asyncio.wait_for(ws.recv(), timeout=30))
                text += response.get("text", "")
                if response.get("is_final", True):
                    break
            print(json.dumps({"text": text, "subprotocol": ws.subprotocol}))
    except websockets.exceptions.ConnectionClosed as closed:
        frame = closed.rcvd
        print(json.dumps({"closed": frame.code if frame else None, "reason": frame.reason if frame else ""}))


def xiaozhi_openai_run(url, path, api_key):
    import os
    import tempfile
    import wave

    import requests

    with open(path, "rb") as f:
        pcm = f.read()
    # The provider writes the decoded PCM to a WAV file first (save_audio_to_file).
    with tempfile.TemporaryDirectory() as directory:
        wav_path = os.path.join(directory, "session-1.wav")
        with wave.open(wav_path, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(16000)
            wav.writeframes(pcm)
        with open(wav_path, "rb") as audio_file:
            response = requests.post(
                url,
                files={"file": audio_file},
                data={"model": "whisper-1"},
                headers={"Authorization": f"Bearer {api_key}"},
            )
    text = response.json().get("text", "") if response.status_code == 200 else response.text
    print(json.dumps({"status": response.status_code, "text": text}))


def main():
    signal.alarm(60)
    command, uri, path, argument = sys.argv[1:5]
    if command == "funasr-client":
        asyncio.run(funasr_client_run(uri, path, argument))
    elif command == "rounds":
        asyncio.run(rounds_run(uri, path, argument, sys.argv[5:]))
    elif command == "xiaozhi-openai":
        xiaozhi_openai_run(uri, path, argument)
    elif command == "xiaozhi":
        asyncio.run(xiaozhi_run(uri, path, argument))
    else:
        sys.exit("unknown command " + command)


if __name__ == "__main__":
    main()
