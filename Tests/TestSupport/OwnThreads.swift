import Testing

/// Runs a test (or every test of a suite) on a ``ThreadPerDemandExecutor`` instead of the
/// cooperative pool: the test's own blocking calls (running `asrctl`, waiting for a process)
/// cannot starve other tests, and its `await`s resume even while other tests block.
///
/// `.ownThreads` suits tests that assert how long an awaited call takes; `.runsProcesses`
/// also takes one of two places in a process-wide ``TestGate``, for tests that start
/// runtimes, `asrctl`, Redis or Docker — before this trait, the two cooperative threads were
/// what kept more of them from running at once, by accident.
public struct OwnThreads: TestTrait, SuiteTrait, TestScoping {
    private static let executor = ThreadPerDemandExecutor()
    private static let processGate = TestGate(width: 2)

    /// Whether the test takes a place in the gate of process-running tests.
    let takesATurn: Bool

    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        // Called per test case (a recursive suite trait is not called for the suite itself);
        // without a case there is nothing to run that should take a place.
        guard takesATurn, testCase != nil else {
            return try await withTaskExecutorPreference(Self.executor) { try await function() }
        }
        try await withTaskExecutorPreference(Self.executor) {
            try await Self.processGate.withPlace { try await function() }
        }
    }
}

extension Trait where Self == OwnThreads {
    /// Runs the test on threads of its own; see ``OwnThreads``.
    public static var ownThreads: OwnThreads { OwnThreads(takesATurn: false) }

    /// Runs the test on threads of its own, at most two such tests at once; see ``OwnThreads``.
    public static var runsProcesses: OwnThreads { OwnThreads(takesATurn: true) }
}
