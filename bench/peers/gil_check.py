#!/usr/bin/python3
"""Does Debian's python3-pocketsphinx (0.1.15, SWIG) release the GIL while it decodes?

Three measurements, each over the same audio (goforward.raw, whole-utterance decoding as the
peer does it):

1. scaling: decodes per second with 1 thread, then with 2 threads, each thread owning its own
   decoder. If process_raw/end_utt keep the GIL, 2 threads decode no faster than 1 (ratio ~1.0);
   if they release it, 2 threads on 2 free cores approach 2x.
2. starvation: a pure-Python counting loop runs alone, then beside one decoding thread. If the
   GIL is held during a ~0.3 s process_raw, the counter stalls while the decoder works (its rate
   falls to well under half); if it is released, the counter keeps most of its rate (given a
   second free core).

3. ticker (the verdict): a Python thread sleeping 1 ms at a time beside a decoding thread. It needs
   the GIL to wake; the longest gap between wake-ups is ~ a whole decode if the GIL is held, a few
   ms if it is released; the verdict is the share of time it spent in gaps over 50 ms. A negative
   control (builtin sum over a range, which holds the GIL) shows the test can tell. Unlike 1 and 2 it does not need free cores, so a busy machine cannot fake it.

Run with Debian's interpreter (the binding lives in /usr/lib/python3/dist-packages):

    /usr/bin/python3 bench/peers/gil_check.py [--seconds 6] [--json]

Exit status 0 always (it reports, it does not judge); `--json` prints one JSON object.
"""
import argparse
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pocketsphinx_peer as peer  # noqa: E402  (the peer's own decoder set-up)
from peerlib import ForeignCPU, wait_quiet  # noqa: E402


def decode_loop(decoder, audio, deadline, counts, index, barrier):
    barrier.wait()
    n = 0
    while time.perf_counter() < deadline[0]:
        decoder.decode(audio)
        n += 1
    counts[index] = n


def scaling(decoders, audio, threads, seconds):
    counts = [0] * threads
    barrier = threading.Barrier(threads + 1)
    deadline = [float("inf")]
    workers = [threading.Thread(target=decode_loop, args=(decoders[i], audio, deadline, counts, i, barrier))
               for i in range(threads)]
    for worker in workers:
        worker.start()
    started = time.perf_counter()
    deadline[0] = started + seconds
    barrier.wait()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    return sum(counts) / elapsed


def spin(seconds, stop=None):
    """Counts loop iterations of pure Python for `seconds`; returns iterations per second."""
    n = 0
    started = time.perf_counter()
    end = started + seconds
    while True:
        for _ in range(1000):
            n += 1
        if time.perf_counter() >= end:
            break
    return n / (time.perf_counter() - started)


def starvation(decoder, audio, seconds):
    alone = spin(seconds)
    stop = [False]
    decoded = [0]

    def background():
        while not stop[0]:
            decoder.decode(audio)
            decoded[0] += 1

    thread = threading.Thread(target=background)
    thread.start()
    time.sleep(0.05)
    beside = spin(seconds)
    stop[0] = True
    thread.join()
    return alone, beside, decoded[0]


def ticker(work, repeats):
    """A Python thread that sleeps 1 ms at a time while another thread calls work() `repeats` times.
    To wake it must take the GIL: if the C call held it, the ticker would stall for the whole call
    (~0.3 s per decode); released, it keeps waking every ~1 ms, and only the OS scheduler (a busy
    machine) can delay it now and then. Returns (longest gap, share of the time spent in gaps over
    50 ms, mean seconds per work() call). The share decides: ~1 if the GIL is held, near 0 if not."""
    gaps = []
    done = [False]
    work_times = []

    def working():
        for _ in range(repeats):
            started = time.perf_counter()
            work()
            work_times.append(time.perf_counter() - started)
        done[0] = True

    thread = threading.Thread(target=working)
    first = last = time.perf_counter()
    thread.start()
    while not done[0]:
        time.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    thread.join()
    stalled = sum(gap for gap in gaps if gap > 0.05) / max(1e-9, last - first)
    return max(gaps), stalled, sum(work_times) / len(work_times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="length of each measurement (default 6)")
    parser.add_argument("--audio", default=peer.GOFORWARD, help="raw 16 kHz s16le mono PCM file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quiet-wait", type=float, default=120.0,
                        help="first wait up to this many seconds for the CPUs to be 90%% idle (default 120)")
    args = parser.parse_args()

    peer.silence_log()
    audio = open(args.audio, "rb").read()
    decoders = [peer.PeerDecoder(peer.decoder_arguments(peer.DEFAULT_MODEL_DIR)) for _ in range(2)]
    for decoder in decoders:  # warm both (page in the model)
        decoder.decode(audio)
    audio_seconds = len(audio) / 32000.0

    idle = wait_quiet(args.quiet_wait)
    foreign = ForeignCPU(os.getpid())
    one = scaling(decoders, audio, 1, args.seconds)
    two = scaling(decoders, audio, 2, args.seconds)
    alone, beside, decoded = starvation(decoders[0], audio, args.seconds)
    max_gap, stalled, decode_seconds = ticker(lambda: decoders[0].decode(audio), 5)
    # Negative control: a C call known to hold the GIL for ~0.3 s (builtin sum over a range).
    control_gap, control_stalled, control_seconds = ticker(lambda: sum(range(3 * 10 ** 7)), 2)
    foreign_cores = foreign.cores()
    result = {
        "binding": "python3-pocketsphinx " + peer.binding_version(),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "audio_seconds": audio_seconds,
        "decodes_per_s_1_thread": round(one, 3),
        "decodes_per_s_2_threads": round(two, 3),
        "scaling_2_over_1": round(two / one, 3),
        "xrt_1_thread": round(one * audio_seconds, 2),
        "xrt_2_threads": round(two * audio_seconds, 2),
        "python_loop_rate_alone": round(alone),
        "python_loop_rate_beside_decoder": round(beside),
        "python_loop_kept": round(beside / alone, 3),
        "decodes_during_loop": decoded,
        "decode_s": round(decode_seconds, 4),
        "ticker_max_gap_ms": round(1000 * max_gap, 2),
        "ticker_stalled_share": round(stalled, 3),
        "control_gil_holding_call_s": round(control_seconds, 4),
        "control_ticker_max_gap_ms": round(1000 * control_gap, 2),
        "control_ticker_stalled_share": round(control_stalled, 3),
        "idle_before": round(idle, 2),
        "foreign_cpu_cores": round(foreign_cores, 2),
    }
    # The ticker decides (it does not need a free core); the throughput figures say what it buys.
    result["gil_released"] = stalled < 0.5
    result["control_detected"] = control_stalled >= 0.5  # the test can tell a held GIL
    result["two_threads_scale"] = result["scaling_2_over_1"] > 1.4
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print("%-32s %s" % (key, value))
    print()
    if result["gil_released"]:
        print("finding: the binding releases the GIL during decoding: a Python thread kept waking every "
              "~1 ms while %.0f ms decodes ran (stalled %.0f%% of the time, longest gap %.1f ms; a GIL-holding C call "
              "stalls it %.0f%%)." % (1000 * decode_seconds, 100 * stalled, result["ticker_max_gap_ms"], 100 * control_stalled))
    else:
        print("finding: the GIL is NOT released during decoding: a Python thread was stalled "
              "%.0f%% of the time while %.0f ms decodes ran." % (100 * stalled, 1000 * decode_seconds))
    print("2 decoding threads: %.2fx one thread (other processes used %.2f cores meanwhile; on 2 free cores the "
          "engine itself scales ~1.8x)." % (result["scaling_2_over_1"], result["foreign_cpu_cores"]))


if __name__ == "__main__":
    main()
