/// A corpus file that is missing, unreadable or not audio, named with its path.
public struct SpeechCorpusError: Error, CustomStringConvertible, Sendable {
    public var message: String

    public var description: String { message }
}
