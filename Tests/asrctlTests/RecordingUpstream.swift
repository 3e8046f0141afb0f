import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A minimal OpenAI-compatible transcription server (Python's standard library) that writes the
/// `Authorization` header of each request to a file, takes `delay` seconds, counts the most
/// requests it held at once and answers `{"text":"recorded"}`: what an upstream receives, seen
/// from the upstream's side.
final class RecordingUpstream: @unchecked Sendable {
    let port: Int
    private let process: Process
    private let record: URL

    static let script = """
        import http.server, json, sys, threading, time
        record, delay = sys.argv[2], float(sys.argv[3])
        lock, state = threading.Lock(), {"open": 0, "most": 0}
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with lock:
                    state["open"] += 1
                    state["most"] = max(state["most"], state["open"])
                    with open(record + ".most", "w") as f:
                        f.write(str(state["most"]))
                with open(record, "w") as f:
                    f.write(self.headers.get("Authorization", ""))
                time.sleep(delay)
                with lock:
                    state["open"] -= 1
                body = json.dumps({"text": "recorded"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
        """

    init(recordingTo file: URL, delay: Double = 0) throws {
        port = FreePort.next()
        record = file
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, String(port), file.path, String(delay)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let client = HTTPClient(port: port, timeout: 2)
        guard (try? Poll.until(timeout: 15) { (try? client.get("/")) != nil }) == true else {
            stop()
            throw NotListening(port: port)
        }
    }

    /// The most requests the server held at once so far.
    var mostAtOnce: Int {
        Int((try? String(contentsOf: record.appendingPathExtension("most"), encoding: .utf8)) ?? "0") ?? 0
    }

    struct NotListening: Error { let port: Int }

    func stop() {
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
