import Foundation
import TestSupport

/// Runs the built `asrctl` binary in a workspace directory holding a copy of the profiles.
struct CLI {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory("asrctl-cli")
        try FileManager.default.copyItem(at: RepositoryPaths.profiles, to: directory.file("profiles"))
    }

    @discardableResult
    func run(_ arguments: String...) throws -> ProcessRunner.Result {
        try run(arguments)
    }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String]? = nil) throws -> ProcessRunner.Result {
        try ProcessRunner.run(RepositoryPaths.asrctlBinary.path, arguments, currentDirectory: directory.url, environment: environment)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: directory.file(path), encoding: .utf8)
    }
}
