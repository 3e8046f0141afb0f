import Foundation
import Testing

@testable import ASRDeploy

/// The table and JSON forms of `asrctl check-host`.
@Suite("Host check report")
struct HostCheckReportTests {
    func report(strict: Bool = false) -> HostCheckReport {
        var facts = HostCheckTests.goodHost
        facts.portFree = false
        facts.pythonVersion = "3.8.10"
        return HostChecker.evaluate(facts: facts, configuration: .defaults, devices: 30, strict: strict)
    }

    @Test func tableAlignsColumnsAndHintsOnlyProblems() throws {
        let table = report().renderTable()
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("STATUS  CHECK") == true)
        let detailColumn = try #require(lines.first?.range(of: "DETAIL")).lowerBound.utf16Offset(in: lines[0])

        let rows = lines.dropFirst().filter { $0.hasPrefix("PASS") || $0.hasPrefix("WARN") || $0.hasPrefix("FAIL") }
        #expect(rows.count == report().checks.count)
        for row in rows {
            // Every detail starts in the DETAIL column: the character before it is padding.
            let index = row.index(row.startIndex, offsetBy: detailColumn)
            #expect(row[row.index(before: index)] == " ", "misaligned: \(row)")
            #expect(row[index] != " ", "misaligned: \(row)")
        }

        let hints = lines.filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("hint:") }
        #expect(hints.count == report().checks.filter { $0.status != .pass }.count)
        for hint in hints {
            #expect(hint.prefix(detailColumn).allSatisfy { $0 == " " }, "hint not under DETAIL: \(hint)")
        }
        // The hint follows its own row.
        let portRow = try #require(lines.firstIndex { $0.hasPrefix("FAIL") && $0.contains("port") })
        #expect(lines[portRow + 1].contains("hint: Stop what listens there"))

        #expect(table.hasSuffix("exit code 1 (a check failed)\n"))
        #expect(table.contains("PASS, 2 WARN, 1 FAIL"))
    }

    @Test func summaryLineExplainsStrictness() {
        var facts = HostCheckTests.goodHost
        facts.pythonVersion = nil
        let lenient = HostChecker.evaluate(facts: facts, configuration: HostCheckTests.balancedProfile)
        #expect(lenient.summaryLine.hasSuffix("exit code 0 (WARNs allowed; --strict makes them fail)"))
        let strict = HostChecker.evaluate(facts: facts, configuration: HostCheckTests.balancedProfile, strict: true)
        #expect(strict.summaryLine.hasSuffix("exit code 1 (strict: WARNs fail)"))
        let clean = HostChecker.evaluate(facts: HostCheckTests.goodHost, configuration: HostCheckTests.balancedProfile)
        #expect(clean.summaryLine.hasSuffix("exit code 0 (all checks passed)"))
    }

    @Test func jsonHasSortedKeysEveryFieldAndTheExitCode() throws {
        let json = try report().renderJSON()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["capacity", "checks", "exit_code", "facts", "requested_devices", "strict", "summary"])
        #expect(object["exit_code"] as? Int == 1)
        #expect(object["requested_devices"] as? Int == 30)
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["fail"] == 1 && summary["warn"] == 2)

        let checks = try #require(object["checks"] as? [[String: Any]])
        let cores = try #require(checks.first)
        #expect(cores["name"] as? String == "cpu-cores")
        #expect(cores["status"] as? String == "PASS")
        #expect(cores["hint"] is NSNull, "PASS rows carry hint: null")

        let facts = try #require(object["facts"] as? [String: Any])
        #expect(facts["cpu_cores"] as? Int == 4)
        #expect(facts["compose_kind"] as? String == "binary")
        #expect(facts["port_free"] as? Bool == false)

        let capacity = try #require(object["capacity"] as? [String: Any])
        #expect(capacity["devices"] as? Int == 41)
        #expect((capacity["derivation"] as? String)?.hasPrefix("estimate:") == true)

        // Sorted keys: top-level keys appear alphabetically, so output is stable to diff.
        let topLevel = ["\"capacity\"", "\"checks\"", "\"exit_code\"", "\"facts\"", "\"requested_devices\"", "\"strict\"", "\"summary\""]
        let positions = topLevel.compactMap { json.range(of: "\n  \($0)")?.lowerBound }
        #expect(positions.count == topLevel.count)
        #expect(positions == positions.sorted())
        #expect(json == (try report().renderJSON()), "rendering is deterministic")
    }

    @Test func jsonRoundTrips() throws {
        let original = report(strict: true)
        let decoded = try JSONDecoder().decode(HostCheckReport.self, from: Data(try original.renderJSON().utf8))
        #expect(decoded == original)
        #expect(decoded.exitCode == 1)
    }

    @Test func jsonWithoutDevicesHasNullCapacity() throws {
        let report = HostChecker.evaluate(facts: HostCheckTests.goodHost, configuration: .defaults)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.renderJSON().utf8)) as? [String: Any])
        #expect(object["capacity"] is NSNull)
        #expect(object["requested_devices"] is NSNull)
    }

    @Test func factsDecodeFromHandWrittenJSON() throws {
        // A script (or a test of the CLI) can describe a host without probing one.
        let json = """
            {"cpu_cores": 2, "memory_bytes": 4294967296, "disk_path": "/", "free_disk_bytes": 0,
             "os_name": "x", "docker_client_version": null, "docker_engine_answers": false,
             "docker_server_version": null, "compose_version": null, "compose_kind": "none",
             "python_version": "3.11.2", "engine_library_path": null,
             "model_directory": "/m", "model_present": false, "port": 8001, "port_free": true}
            """
        let facts = try JSONDecoder().decode(HostFacts.self, from: Data(json.utf8))
        #expect(facts.cpuCores == 2)
        #expect(facts.composeKind == ComposeKind.none)
        #expect(HostChecker.evaluate(facts: facts, configuration: .defaults).exitCode == 1)
    }

    @Test func sizesPrintInBinaryUnits() {
        #expect(HostCheckFormat.bytes(8 << 30) == "8 GiB")
        #expect(HostCheckFormat.bytes(15 << 29) == "7.5 GiB")
        #expect(HostCheckFormat.bytes((8 << 30) - 1) == "7.9 GiB")
        #expect(HostCheckFormat.bytes(768 << 20) == "768 MiB")
        #expect(HostCheckFormat.bytes(12) == "12 B")
        #expect(HostCheckFormat.number(2.5) == "2.5")
        #expect(HostCheckFormat.number(4) == "4")
        #expect(HostCheckFormat.number(1.5 + 0.2) == "1.7")
        #expect(HostCheckFormat.number(2.3) == "2.3")
        #expect(HostCheckFormat.number(0.25) == "0.25")
        #expect(HostCheckFormat.number(0.05) == "0.05")
    }
}
