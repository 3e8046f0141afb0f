/// One failed attempt to reach the upstream: what it counts as, the error it becomes, and
/// whether to try again.
struct UpstreamFailure: Error {
    let kind: UpstreamStatistics.FailureKind
    let error: SpeechEngineError
    let retryable: Bool

    init(_ kind: UpstreamStatistics.FailureKind, _ error: SpeechEngineError, retryable: Bool = false) {
        self.kind = kind
        self.error = error
        self.retryable = retryable
    }
}
