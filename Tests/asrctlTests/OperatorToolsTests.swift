import Foundation
import TestSupport
import Testing

/// monitor, analyze, test quick and test simple through the real binary against a real runtime.
@Suite(.runsProcesses, .serialized) struct OperatorToolsTests {
    @Test func monitorLogsJSONLinesAndFiresAForcedAlert() throws {
        let runtime = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1"])
        defer { _ = runtime.stop() }
        let cli = try CLI()
        defer { cli.directory.remove() }
        let url = "http://127.0.0.1:\(runtime.port)"
        // Host CPU depends on whatever else runs on this machine: its threshold is out of reach here.
        let quiet = try cli.run(
            "monitor",
            "--url",
            url,
            "--count",
            "2",
            "--interval",
            "1",
            "--log",
            "logs/m.log",
            "--set",
            "monitor.alert_cpu_percent=100"
        )
        #expect(quiet.status == 0, "\(quiet.stderr)")
        // The service's own memory is far above 1 MB: forcing that threshold fires the alert.
        let forced = try cli.run(
            "monitor",
            "--url",
            url,
            "--count",
            "1",
            "--interval",
            "1",
            "--no-dashboard",
            "--set",
            "monitor.alert_memory_mb=1",
            "--set",
            "monitor.alert_cpu_percent=100",
            "--log",
            "logs/m.log"
        )
        #expect(forced.status == 0)
        #expect(forced.stdout.contains("告警: service memory"))
        let lines = try cli.read("logs/m.log").split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let samples = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        for sample in samples {
            #expect((sample["service"] as? [String: Any])?["up"] as? Bool == true)
            let asr = try #require(sample["asr"] as? [String: Any])
            #expect((asr["service_memory_mb"] as? Double ?? 0) > 50)
            #expect(sample["host"] != nil && sample["timestamp"] != nil)
        }
        #expect((samples[0]["alerts"] as? [Any])?.isEmpty == true)
        let alerts = try #require(samples[2]["alerts"] as? [[String: Any]])
        #expect(alerts.map { $0["kind"] as? String } == ["service_memory"])

        // analyze reads what monitor wrote.
        let analysis = try cli.run("analyze", "logs/m.log", "--html", "report.html")
        #expect(analysis.status == 0)
        #expect(analysis.stdout.contains("service_memory   1"))
        #expect(try cli.read("report.html").contains("<svg id=\"chart-service_memory\""))
    }

    @Test func monitorRecordsAStoppedServiceAsDownAndGoesOn() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        let port = FreePort.next()
        let result = try cli.run("monitor", "--url", "http://127.0.0.1:\(port)", "--count", "2", "--interval", "1", "--log", "down.log")
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").filter { $0.contains("service=DOWN") }.count == 2)
        let lines = try cli.read("down.log").split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains(#""kind":"service_down""#) && $0.contains(#""up":false"#) })
    }

    @Test func quickAndSimplePassAgainstALiveRuntime() throws {
        let runtime = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "2"])
        defer { _ = runtime.stop() }
        let cli = try CLI()
        defer { cli.directory.remove() }
        let url = "http://127.0.0.1:\(runtime.port)"
        let quick = try cli.run("test", "quick", "--url", url)
        #expect(quick.status == 0, "\(quick.stdout)\(quick.stderr)")
        for name in ["health", "recognition", "cache hit", "10 concurrent"] {
            #expect(quick.stdout.contains("PASS  \(name)"), "\(name) in \(quick.stdout)")
        }
        #expect(quick.stdout.contains("target: single request"))
        let simple = try cli.run("test", "simple", "--url", url, "--json")
        #expect(simple.status == 0, "\(simple.stdout)")
        #expect(simple.stdout.contains("\"corpus accuracy\""))
    }

    @Test func quickFailsClearlyAgainstAStoppedRuntime() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        let result = try cli.run("test", "quick", "--url", "http://127.0.0.1:\(FreePort.next())")
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL  health"))
        #expect(result.stdout.contains("Couldn't connect") || result.stdout.contains("refused"))
    }

    @Test func serveRefusesATakenPortBeforeLoadingModels() throws {
        let runtime = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1"])
        defer { _ = runtime.stop() }
        let cli = try CLI()
        defer { cli.directory.remove() }
        let result = try cli.run("serve", "--port", String(runtime.port), "--preset", "none")
        #expect(result.status == 3)
        #expect(result.stderr.contains("port \(runtime.port) is already in use"))
    }
}
