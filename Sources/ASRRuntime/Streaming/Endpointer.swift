import ASRContracts
import Foundation

/// Cuts a continuous stream into utterances (auto and realtime modes) from two signals per
/// chunk: the decoder's voice-activity detector (`ps_get_in_speech`) and the chunk's level.
///
/// - Speech starts when chunks are at least `startMargin` dB above the tracked noise floor
///   (and above `minimumSpeechLevel`) for `startSeconds`, and the decoder's VAD agrees. The
///   level rule is what makes a fresh stream safe: PocketSphinx reports speech for its first
///   ~0.8 s while it learns the noise, but that noise is not louder than the floor.
/// - Speech ends after `hangoverSeconds` of chunks that are quiet (below the floor plus
///   `endMargin`, or below `silenceLevel`) or that the VAD calls non-speech; pauses between
///   words are shorter than that. An utterance is cut at `maxUtteranceSeconds` regardless.
/// - The floor follows the level while no speech is under way: down at once, up slowly.
///
/// All times are audio time, so decisions do not depend on how fast frames arrive.
package struct Endpointer: Sendable, Hashable {
    package struct Settings: Sendable, Hashable {
        package var startMargin = 12.0
        package var endMargin = 8.0
        package var minimumSpeechLevel = -50.0
        package var silenceLevel = -60.0
        package var startSeconds = 0.06
        package var hangoverSeconds = 0.5
        package var maxUtteranceSeconds = 20.0
        /// Time constant of the floor rising towards louder background noise.
        package var floorRiseSeconds = 2.0
        package var initialFloor = -60.0

        package init() {}
    }

    package enum Decision: Sendable, Hashable {
        /// No speech.
        case idle
        /// A loud chunk that may be the start of speech; `first` for the first of a run.
        case candidate(first: Bool)
        /// Speech has started (with the candidate chunks before this one).
        case start
        /// Speech goes on.
        case speech
        /// The utterance is over.
        case end(StreamUtterance.Ending)
    }

    package let settings: Settings
    /// The tracked noise floor, dBFS.
    package private(set) var floor: Double
    package private(set) var inSpeech = false
    private var candidateSeconds = 0.0
    private var silentSeconds = 0.0
    private var utteranceSeconds = 0.0

    package init(settings: Settings = Settings()) {
        self.settings = settings
        floor = settings.initialFloor
    }

    /// Forgets any speech under way (a new `listen start`); keeps the noise floor.
    package mutating func reset() {
        inSpeech = false
        candidateSeconds = 0
        silentSeconds = 0
        utteranceSeconds = 0
    }

    /// Takes one chunk's level (dBFS), the decoder's VAD after it, and its length in seconds.
    package mutating func observe(level: Double, vadInSpeech: Bool, seconds: Double) -> Decision {
        if inSpeech {
            utteranceSeconds += seconds
            let quiet = !vadInSpeech || level < max(floor + settings.endMargin, settings.silenceLevel)
            silentSeconds = quiet ? silentSeconds + seconds : 0
            if silentSeconds >= settings.hangoverSeconds - 1e-9 {
                reset()
                return .end(.silence)
            }
            if utteranceSeconds >= settings.maxUtteranceSeconds {
                reset()
                return .end(.maxLength)
            }
            return .speech
        }
        let loud = level >= max(floor + settings.startMargin, settings.minimumSpeechLevel)
        guard loud else {
            candidateSeconds = 0
            if level < floor {
                floor = max(level, -90)
            } else {
                floor += (level - floor) * min(1, seconds / settings.floorRiseSeconds)
            }
            return .idle
        }
        let first = candidateSeconds == 0
        candidateSeconds += seconds
        if candidateSeconds >= settings.startSeconds - 1e-9 && vadInSpeech {
            inSpeech = true
            utteranceSeconds = candidateSeconds
            silentSeconds = 0
            candidateSeconds = 0
            return .start
        }
        return .candidate(first: first)
    }

    /// RMS level of `samples` in dBFS (−100 for digital silence).
    package static func level(of samples: ArraySlice<Int16>) -> Double {
        guard !samples.isEmpty else { return -100 }
        var sum = 0.0
        for sample in samples {
            let value = Double(sample)
            sum += value * value
        }
        let rms = (sum / Double(samples.count)).squareRoot()
        guard rms > 0 else { return -100 }
        return max(-100, 20 * (rms / 32768).log10)
    }
}

extension Double {
    fileprivate var log10: Double { Foundation.log10(self) }
}
