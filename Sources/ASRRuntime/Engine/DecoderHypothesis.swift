/// What one PocketSphinx utterance decoded to.
package struct DecoderHypothesis: Sendable, Hashable {
    /// Recognised words separated by single spaces, without fillers; empty if nothing was heard.
    package var text: String
    /// Mean lattice posterior probability of the recognised words, in 0...1 (0 when there
    /// are no words). Grammar searches compute no posteriors and report 1 for every word.
    package var confidence: Double
    /// PocketSphinx path score (log domain, more negative is worse); comparable only between
    /// decodes of the same audio.
    package var score: Int
    /// Feature frames searched (100 per second of audio).
    package var frames: Int

    package init(text: String, confidence: Double, score: Int, frames: Int) {
        self.text = text
        self.confidence = confidence
        self.score = score
        self.frames = frames
    }
}
