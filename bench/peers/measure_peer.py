#!/usr/bin/python3
"""Measures the Python peer on its own: startup, idle RSS per worker count, single-request
latency and closed-loop throughput over HTTP. Standard library only; prints one JSON object on
standard output (progress on standard error).

    /usr/bin/python3 bench/peers/measure_peer.py [--workers 2] [--clients 1,2] [--seconds 20]
                                                 [--idle-workers 1,2,4] [--audio goforward.raw]

The result cache is off (--cache-size-mb 0) for latency and throughput, so every request is
decoded: the same audio is sent again and again. Each client is a thread with its own keep-alive
connection sending the guide's JSON (base64 PCM) as soon as the previous answer arrives.
"""
import argparse
import json
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerlib import GOFORWARD, ForeignCPU, Peer, log, read, recognize_body, request, wait_quiet  # noqa: E402


def startup_and_idle(workers_list, repeats, quiet_wait):
    """Launch -> ready line (every decoder loaded) and idle RSS after one warm-up decode."""
    results = {}
    for workers in workers_list:
        ready, rss_cold, rss_warm = [], [], []
        for _ in range(repeats):
            wait_quiet(quiet_wait)
            peer = Peer("--workers", str(workers), "--cache-size-mb", "0")
            try:
                ready.append(peer.ready_seconds)
                time.sleep(0.3)
                rss_cold.append(peer.rss_mb())
                # One decode per decoder (in parallel) so every decoder has done real work once.
                body = recognize_body(read(GOFORWARD))
                threads = [threading.Thread(target=request, args=(peer.connection(), "POST", "/asr/recognize", body,
                                                                  {"Content-Type": "application/json"}))
                           for _ in range(workers)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                time.sleep(0.3)
                rss_warm.append(peer.rss_mb())
            finally:
                peer.stop()
        results[str(workers)] = {
            "startup_s_median": round(statistics.median(ready), 3),
            "startup_s_all": [round(s, 3) for s in ready],
            "rss_idle_mb_after_load": round(statistics.median(rss_cold), 1),
            "rss_idle_mb_after_first_decodes": round(statistics.median(rss_warm), 1),
        }
        log("workers=%d startup %.3f s, idle RSS %.1f MB (after a decode each: %.1f MB)" % (
            workers, results[str(workers)]["startup_s_median"], results[str(workers)]["rss_idle_mb_after_load"],
            results[str(workers)]["rss_idle_mb_after_first_decodes"]))
    return results


def closed_loop(peer, body, clients, seconds):
    latencies, server_times, errors = [], [], [0]
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client():
        connection = peer.connection()
        mine, server = [], []
        start.wait()
        while time.perf_counter() < stop_at[0]:
            began = time.perf_counter()
            status, _, answer = request(connection, "POST", "/asr/recognize", body, {"Content-Type": "application/json"})
            took = time.perf_counter() - began
            if status == 200:
                mine.append(took)
                server.append(answer["processing_time"])
            else:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)
            server_times.extend(server)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    foreign = ForeignCPU(peer.pid, os.getpid())
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(round(p * (len(latencies) - 1))))] if latencies else 0.0

    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": errors[0],
        "seconds": round(elapsed, 2),
        "throughput_rps": round(len(latencies) / elapsed, 3),
        "p50_s": round(pct(0.50), 4),
        "p95_s": round(pct(0.95), 4),
        "p99_s": round(pct(0.99), 4),
        "server_processing_time_mean_s": round(statistics.mean(server_times), 4) if server_times else 0.0,
        "foreign_cpu_cores": round(foreign.cores(), 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="decoders for the latency/throughput runs (default 2)")
    parser.add_argument("--clients", default="1,2", help="closed-loop client counts (default 1,2)")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each throughput run (default 20)")
    parser.add_argument("--idle-workers", default="1,2,4", help="worker counts for startup/idle RSS (default 1,2,4)")
    parser.add_argument("--repeats", type=int, default=3, help="startups per worker count (default 3)")
    parser.add_argument("--single", type=int, default=15, help="sequential single requests (default 15)")
    parser.add_argument("--audio", default=GOFORWARD, help="16 kHz s16le mono PCM to send")
    parser.add_argument("--runs", type=int, default=2, help="throughput runs per client count (default 2)")
    parser.add_argument("--quiet-wait", type=float, default=120.0,
                        help="before each run, wait up to this many seconds for the CPUs to be 90%% idle (default 120)")
    args = parser.parse_args()

    result = {"cpus": os.cpu_count(), "load_avg_before": [round(x, 2) for x in os.getloadavg()],
              "audio": args.audio, "audio_seconds": round(len(read(args.audio)) / 32000.0, 3)}
    result["startup_idle"] = startup_and_idle([int(x) for x in args.idle_workers.split(",") if x], args.repeats, args.quiet_wait)

    body = recognize_body(read(args.audio))
    wait_quiet(args.quiet_wait)
    peer = Peer("--workers", str(args.workers), "--cache-size-mb", "0")
    try:
        connection = peer.connection()
        request(connection, "POST", "/asr/recognize", body, {"Content-Type": "application/json"})  # warm-up
        single, server = [], []
        _, _, before = request(connection, "GET", "/asr/stats")
        foreign = ForeignCPU(peer.pid, os.getpid())
        for _ in range(args.single):
            began = time.perf_counter()
            status, _, answer = request(connection, "POST", "/asr/recognize", body, {"Content-Type": "application/json"})
            single.append(time.perf_counter() - began)
            server.append(answer["processing_time"])
        foreign_cores = foreign.cores()
        _, _, stats = request(connection, "GET", "/asr/stats")
        connection.close()
        # Engine time of exactly these requests (the warm-up excluded): the difference of the sums.
        def decode_sum(report):
            return report["processor"]["avg_decode_time"] * report["processor"]["decodes"]
        decode = (decode_sum(stats) - decode_sum(before)) / (stats["processor"]["decodes"] - before["processor"]["decodes"])
        result["single_request"] = {
            "workers": args.workers,
            "text": answer["text"],
            "latency_s_median": round(statistics.median(single), 4),
            "latency_s_min": round(min(single), 4),
            "server_processing_time_s_median": round(statistics.median(server), 4),
            "engine_decode_s_mean": round(decode, 4),
            "overhead_s_median": round(statistics.median(single) - decode, 4),
            "foreign_cpu_cores": round(foreign_cores, 2),
        }
        log("single request: %.3f s round trip (engine decode %.3f s, overhead %.1f ms; other processes used %.2f cores)"
            % (statistics.median(single), decode, 1000 * (statistics.median(single) - decode), foreign_cores))
        runs = []
        for clients in [int(x) for x in args.clients.split(",") if x]:
            for _ in range(args.runs):
                idle = wait_quiet(args.quiet_wait)
                run = closed_loop(peer, body, clients, args.seconds)
                run["idle_before"] = round(idle, 2)
                run["rss_mb_after"] = round(peer.rss_mb(), 1)
                runs.append(run)
                log("clients=%d: %.2f req/s (%.2f x real time), p50 %.3f s, p95 %.3f s, errors %d, RSS %.1f MB, "
                    "other processes %.2f cores" % (
                        clients, run["throughput_rps"], run["throughput_rps"] * result["audio_seconds"], run["p50_s"],
                        run["p95_s"], run["errors"], run["rss_mb_after"], run["foreign_cpu_cores"]))
        result["throughput"] = {"workers": args.workers, "runs": runs}
        _, _, stats = request(peer.connection(), "GET", "/asr/stats")
        result["peer_stats_after"] = {"processor": stats["processor"], "memory": stats["memory"]}
        result["peer_ready_line"] = peer.ready_line
    finally:
        status, took = peer.stop()
        result["sigterm_exit"] = {"status": status, "seconds": round(took, 3)}
    result["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
