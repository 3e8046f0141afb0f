import Foundation

/// The result of `asrctl check-host`: every check, the facts they judged, and the exit code.
///
/// Exit codes (`exitCode`), for scripts:
/// - `0`: no check FAILed. WARNs are allowed — the deployment will run, maybe not as the
///   profile intends (e.g. without Docker it runs the embedded runtime).
/// - `1`: at least one check FAILed; with `strict` (`--strict`), at least one FAILed or WARNed.
///
/// Other codes (e.g. 64 for a usage error) come from the CLI's argument parsing, not from here.
package struct HostCheckReport: Codable, Sendable, Equatable {
    /// Exit code when nothing failed.
    package static let exitCodeSuccess: Int32 = 0
    /// Exit code when a check failed (or, when strict, warned).
    package static let exitCodeProblems: Int32 = 1

    /// The checks, in the order they ran: host, tools, engine, port, profile, devices.
    package var checks: [HostCheck]
    /// Whether WARNs count as failures for the exit code.
    package var strict: Bool
    /// The host facts the checks judged.
    package var facts: HostFacts
    /// `--devices N`, when given.
    package var requestedDevices: Int?
    /// The device-capacity estimate, present when `requestedDevices` is.
    package var capacity: DeviceCapacityEstimate?

    package init(
        checks: [HostCheck],
        strict: Bool,
        facts: HostFacts,
        requestedDevices: Int? = nil,
        capacity: DeviceCapacityEstimate? = nil
    ) {
        self.checks = checks
        self.strict = strict
        self.facts = facts
        self.requestedDevices = requestedDevices
        self.capacity = capacity
    }

    /// The most severe status of any check (PASS when there are none).
    package var worstStatus: HostCheckStatus {
        checks.map(\.status).max() ?? .pass
    }

    /// 0 when no check failed (and, when strict, none warned); 1 otherwise.
    package var exitCode: Int32 {
        switch worstStatus {
        case .fail: return Self.exitCodeProblems
        case .warn: return strict ? Self.exitCodeProblems : Self.exitCodeSuccess
        case .pass: return Self.exitCodeSuccess
        }
    }

    /// How many checks ended with `status`.
    package func count(_ status: HostCheckStatus) -> Int {
        checks.filter { $0.status == status }.count
    }

    /// The check called `name`, if it ran.
    package func check(named name: String) -> HostCheck? {
        checks.first { $0.name == name }
    }

    /// `15 PASS, 2 WARN, 0 FAIL — exit code 0 (WARNs allowed; --strict makes them fail)`.
    package var summaryLine: String {
        let counts = "\(count(.pass)) PASS, \(count(.warn)) WARN, \(count(.fail)) FAIL"
        let rule: String
        if count(.fail) > 0 {
            rule = "a check failed"
        } else if count(.warn) > 0 {
            rule = strict ? "strict: WARNs fail" : "WARNs allowed; --strict makes them fail"
        } else {
            rule = "all checks passed"
        }
        return "\(counts) — exit code \(exitCode) (\(rule))"
    }

    /// The report as an aligned plain-text table, one check a row, each WARN or FAIL followed by
    /// its hint, and a summary line:
    ///
    ///     STATUS  CHECK      DETAIL
    ///     PASS    cpu-cores  4 cores (need ≥ 4)
    ///     FAIL    port       TCP port 8001 is in use or cannot be bound on 0.0.0.0
    ///                        hint: Stop what listens there …
    ///
    ///     16 PASS, 0 WARN, 1 FAIL — exit code 1 (a check failed)
    package func renderTable() -> String {
        let statusHeader = "STATUS"
        let nameHeader = "CHECK"
        let statusWidth = max(statusHeader.count, checks.map(\.status.rawValue.count).max() ?? 0)
        let nameWidth = max(nameHeader.count, checks.map(\.name.count).max() ?? 0)
        let gap = "  "
        let indent = String(repeating: " ", count: statusWidth + gap.count + nameWidth + gap.count)

        func pad(_ text: String, _ width: Int) -> String {
            text + String(repeating: " ", count: max(0, width - text.count))
        }

        var lines = [pad(statusHeader, statusWidth) + gap + pad(nameHeader, nameWidth) + gap + "DETAIL"]
        for check in checks {
            lines.append(pad(check.status.rawValue, statusWidth) + gap + pad(check.name, nameWidth) + gap + check.detail)
            if check.status != .pass, let hint = check.hint {
                lines.append(indent + "hint: " + hint)
            }
        }
        lines.append("")
        lines.append(summaryLine)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The encoder for `--json`: sorted keys and pretty printing, so output is stable to diff.
    package static func makeJSONEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }

    /// The report as pretty-printed JSON with sorted keys (`asrctl check-host --json`).
    package func renderJSON() throws -> String {
        String(decoding: try Self.makeJSONEncoder().encode(self), as: UTF8.self) + "\n"
    }

    enum CodingKeys: String, CodingKey {
        case checks, strict, facts, capacity, summary
        case requestedDevices = "requested_devices"
        case exitCode = "exit_code"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        checks = try container.decode([HostCheck].self, forKey: .checks)
        strict = try container.decode(Bool.self, forKey: .strict)
        facts = try container.decode(HostFacts.self, forKey: .facts)
        requestedDevices = try container.decodeIfPresent(Int.self, forKey: .requestedDevices)
        capacity = try container.decodeIfPresent(DeviceCapacityEstimate.self, forKey: .capacity)
    }

    /// Writes the stored fields plus the derived `exit_code` and `summary` (`{"pass":…, "warn":…,
    /// "fail":…}`), and `null` for absent devices and capacity, so every key is always there.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(checks, forKey: .checks)
        try container.encode(strict, forKey: .strict)
        try container.encode(facts, forKey: .facts)
        try container.encode(requestedDevices, forKey: .requestedDevices)
        try container.encode(capacity, forKey: .capacity)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(
            ["pass": count(.pass), "warn": count(.warn), "fail": count(.fail)],
            forKey: .summary
        )
    }
}
