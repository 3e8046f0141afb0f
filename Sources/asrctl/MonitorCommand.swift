import ASRDeploy
import ArgumentParser
import Foundation

/// `asrctl monitor [--url] [--interval 30] [--no-dashboard] [--log logs/asr_monitor.log] [--count N]`.
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Watch the runtime and the host, alert on the profile's thresholds, log one JSON line per cycle.",
        discussion: """
            Each cycle reads /health and /asr/stats, host CPU, memory and disk, and the service's own RSS, and \
            raises alerts: response time, cache hit rate, service memory, host CPU, error rate, service down \
            (thresholds: monitor.alert_* settings, e.g. --set monitor.alert_memory_mb=1200). On a terminal it \
            draws a dashboard that refreshes in place; with --no-dashboard it prints only alerts. A service \
            that does not answer is recorded as down and the monitor keeps going.
            """
    )

    @OptionGroup var options: ProfileOptions

    @Option(help: "Runtime base URL (default http://127.0.0.1:<ASR_PORT>).")
    var url: String?

    @Option(help: "Seconds between cycles (default: monitor.interval, 30).")
    var interval: Double?

    @Flag(name: .customLong("no-dashboard"), help: "Print only alerts.")
    var noDashboard = false

    @Option(help: "Append one JSON line per cycle to this file.")
    var log: String = "logs/asr_monitor.log"

    @Option(help: "Stop after this many cycles (default: run until interrupted).")
    var count: Int?

    func validate() throws {
        if let interval, interval <= 0 { throw ValidationError("--interval must be positive") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
    }

    func run() async throws {
        let settings = try options.load().typed
        guard let base = URL(string: url ?? "http://127.0.0.1:\(settings.runtime.port)") else {
            throw ValidationError("--url is not a URL")
        }
        let monitor = ServiceMonitor(
            client: RuntimeClient(baseURL: base, timeout: 10),
            thresholds: settings.monitor.alerts,
            diskPath: FileManager.default.currentDirectoryPath
        )
        let seconds = interval ?? Double(settings.monitor.interval)
        let logURL = URL(fileURLWithPath: log)
        try FileManager.default.createDirectory(at: logURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: logURL.path) {
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        }
        let logHandle = try FileHandle(forWritingTo: logURL)
        defer { try? logHandle.close() }
        let dashboard = !noDashboard && isatty(STDOUT_FILENO) == 1

        var cycle = 0
        while count.map({ cycle < $0 }) ?? true {
            cycle += 1
            let started = Date()
            let sample = await monitor.sample(at: started)
            logHandle.seekToEndOfFile()
            logHandle.write(Data((try sample.jsonLine() + "\n").utf8))
            if dashboard {
                print("\u{1B}[H\u{1B}[2J" + MonitorDashboard.render(sample, thresholds: settings.monitor.alerts, cycle: cycle))
            } else if noDashboard {
                for alert in sample.alerts { print("\(ISO8601DateFormatter().string(from: started)) 告警: \(alert.message)") }
            } else {
                print(Self.summary(sample))
            }
            fflush(nil)
            if count.map({ cycle >= $0 }) ?? false { break }
            let remaining = seconds - Date().timeIntervalSince(started)
            if remaining > 0 { try await Task.sleep(for: .milliseconds(Int(remaining * 1000))) }
        }
    }

    /// One line per cycle when the output is not a terminal.
    static func summary(_ sample: MonitorSample) -> String {
        let time = ISO8601DateFormatter().string(from: sample.timestamp)
        let state = sample.service.up ? (sample.service.status ?? "up") : "DOWN"
        let asr = sample.asr.map { String(format: " requests=%d rss=%.0fMB p95=%.3fs", $0.totalRequests, $0.serviceMemoryMB, $0.latencyP95) } ?? ""
        let alerts = sample.alerts.isEmpty ? "" : " alerts: " + sample.alerts.map(\.message).joined(separator: "; ")
        return "\(time) service=\(state)\(asr) cpu=\(String(format: "%.0f", sample.host.cpuPercent))%\(alerts)"
    }
}
