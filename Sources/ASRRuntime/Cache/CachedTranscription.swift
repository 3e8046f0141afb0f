import Foundation

/// A recognition result as the caches keep it (L1 in process, L2 in Redis as JSON).
public struct CachedTranscription: Codable, Sendable, Hashable {
    public let text: String
    public let confidence: Double
    /// Engine time it took to produce, seconds.
    public let decodeSeconds: Double

    public init(text: String, confidence: Double, decodeSeconds: Double) {
        self.text = text
        self.confidence = confidence
        self.decodeSeconds = decodeSeconds
    }

    /// Bytes this entry is charged against the L1 budget: its text plus fixed bookkeeping
    /// (key, list links, dictionary slot), measured conservatively.
    var chargedBytes: Int { text.utf8.count + 160 }
}
