import Foundation

/// What `asrctl status` shows of a deployment, whatever its kind.
package struct DeploymentStatus: Sendable {
    /// Running, and the runtime answers /health with 200.
    package var healthy: Bool
    /// The kind's own report for scripts (`--json`), keys sorted.
    package var json: String
    /// The same for a person.
    package var lines: [String]

    package init(healthy: Bool, report: some Encodable, lines: [String]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.healthy = healthy
        self.json = String(decoding: try encoder.encode(report), as: UTF8.self)
        self.lines = lines
    }

    /// Nothing deployed answers.
    package static func notRunning(_ reason: String) -> DeploymentStatus {
        // A fixed report: encoding it cannot fail.
        try! DeploymentStatus(healthy: false, report: ["running": false], lines: ["not running (\(reason))"])
    }
}
