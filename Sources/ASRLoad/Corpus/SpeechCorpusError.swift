/// A corpus file that is missing, unreadable or not audio, named with its path.
package struct SpeechCorpusError: Error, CustomStringConvertible, Sendable {
    package var message: String

    package var description: String { message }
}
