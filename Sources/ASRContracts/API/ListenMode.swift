/// How a device decides where an utterance ends (`listen.mode`).
public enum ListenMode: String, Sendable, Codable, CaseIterable {
    /// The server's endpointer ends an utterance on trailing silence.
    case auto
    /// The device ends the utterance with `listen stop` (push-to-talk).
    case manual
    /// Always-on listening (devices with echo cancellation): cut like `auto`, continuously.
    case realtime

    /// Whether the server's endpointer cuts utterances in this mode.
    package var isEndpointed: Bool { self != .manual }
}
