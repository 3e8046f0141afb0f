/// The result of recognising one utterance, whatever engine produced it.
package struct Transcription: Sendable, Hashable, Codable {
    /// Recognised text; empty when nothing was recognised.
    package var text: String
    /// How sure the engine is, 0...1 (PocketSphinx: mean word posterior).
    package var confidence: Double
    /// Engine time spent on this utterance, seconds (excludes time waiting in the queue).
    package var decodeSeconds: Double
    /// Length of the audio, seconds.
    package var audioSeconds: Double

    package init(text: String, confidence: Double, decodeSeconds: Double, audioSeconds: Double) {
        self.text = text
        self.confidence = confidence
        self.decodeSeconds = decodeSeconds
        self.audioSeconds = audioSeconds
    }

    /// Decode time over audio time: below 1 is faster than real time (0.2 = 5× faster).
    package var realTimeFactor: Double {
        audioSeconds > 0 ? decodeSeconds / audioSeconds : 0
    }
}
