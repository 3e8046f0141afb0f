import ASRDeploy
import Foundation
import Testing

/// `deployment.json` is a file on disk: status and deploy must not trap on what an edit or a
/// damaged disk left in it.
@Suite struct EmbeddedDeploymentRecordTests {
    private func record(url: String) throws -> EmbeddedDeploymentRecord {
        let json = #"{"runtime_pid": 4242, "url": "\#(url)", "started_at": "2026-12-02T10:00:00Z", "runtime_log": "run/asr-runtime.log"}"#
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(EmbeddedDeploymentRecord.self, from: Data(json.utf8))
    }

    @Test func aWrittenURLIsTheRuntimesAddress() throws {
        #expect(try record(url: "http://127.0.0.1:8001").runtimeURL == URL(string: "http://127.0.0.1:8001"))
    }

    @Test(arguments: ["", "not a url", "127.0.0.1:8001", "http://"])
    func anEditedURLGivesNoAddressInsteadOfATrap(url: String) throws {
        #expect(try record(url: url).runtimeURL == nil)
    }
}
