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
        }
    }
}
