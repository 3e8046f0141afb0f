/// An `ASR_ENGINE_ROUTES` entry that cannot be used.
package struct EngineRoutesError: Error, Sendable, Equatable, CustomStringConvertible {
    package let entry: String
    package let problem: String

    package init(entry: String, problem: String) {
        self.entry = entry
        self.problem = problem
    }

    package var description: String { "ASR_ENGINE_ROUTES entry \"\(entry)\": \(problem)" }
}
