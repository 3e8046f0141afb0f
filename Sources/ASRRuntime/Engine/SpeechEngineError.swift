/// Why the speech engine could not start or recognise.
public enum SpeechEngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A model file the configuration names does not exist.
    case modelFileMissing(role: String, path: String)
    /// PocketSphinx rejected the command line (unknown, duplicated or malformed option).
    case invalidArguments([String])
    /// PocketSphinx could not create a decoder from valid-looking arguments
    /// (e.g. a corrupt model or a grammar that does not parse).
    case decoderInitFailed([String])
    /// A PocketSphinx call failed while decoding.
    case decodeFailed(String)
    /// `recognize` was called before `start()`.
    case notStarted
    /// The engine is shutting down or stopped and takes no new work.
    case shutDown
    /// `ASR_QUEUE_SIZE` utterances are already waiting for a decoder; retry after the estimate.
    case queueFull(waiting: Int, limit: Int, retryAfterSeconds: Int)
    /// No decoder could be given to a device stream's utterance: none was free and creating
    /// one was refused (memory at `ASR_MEMORY_CRITICAL_MB`); `reason` says which.
    case noDecoder(reason: String)
    /// The upstream engine answered with an error, or with something that is not a
    /// transcription; `status` is its HTTP status, when it answered at all.
    case upstreamFailed(status: Int?, message: String)
    /// The upstream engine did not answer within `ASR_UPSTREAM_TIMEOUT`.
    case upstreamTimeout(seconds: Double)
    /// The upstream engine is failing (its circuit breaker is open): refused at once rather
    /// than waiting on it; try again after `retryAfterSeconds`.
    case engineUnavailable(reason: String, retryAfterSeconds: Int)

    /// What clients match on, over HTTP and on a device stream alike.
    package var code: String {
        switch self {
        case .upstreamFailed: return "upstream_error"
        case .upstreamTimeout: return "upstream_timeout"
        case .engineUnavailable: return "engine_unavailable"
        default: return "engine_failed"
        }
    }

    public var description: String {
        switch self {
        case let .modelFileMissing(role, path):
            return "PocketSphinx \(role) not found at \(path)"
        case .invalidArguments(let arguments):
            return "PocketSphinx rejected its arguments: \(arguments.joined(separator: " "))"
        case .decoderInitFailed(let arguments):
            return "PocketSphinx could not create a decoder from: \(arguments.joined(separator: " "))"
        case .decodeFailed(let what):
            return "PocketSphinx decoding failed: \(what)"
        case .notStarted:
            return "the speech engine has not been started"
        case .shutDown:
            return "the speech engine is shutting down"
        case let .queueFull(waiting, limit, _):
            return "queue full: \(waiting) utterances already waiting for a decoder (ASR_QUEUE_SIZE=\(limit))"
        case .noDecoder(let reason):
            return "no decoder free for this utterance: \(reason)"
        case let .upstreamFailed(status, message):
            return "the upstream engine failed\(status.map { " with HTTP \($0)" } ?? ""): \(message)"
        case .upstreamTimeout(let seconds):
            return "the upstream engine did not answer within \(seconds) s (ASR_UPSTREAM_TIMEOUT)"
        case let .engineUnavailable(reason, _):
            return "the upstream engine is unavailable: \(reason)"
        }
    }
}
