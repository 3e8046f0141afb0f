import Foundation

/// A recognition result as the caches keep it (L1 in process, L2 in Redis as JSON).
package struct CachedTranscription: Codable, Sendable, Hashable {
    package let text: String
    package let confidence: Double
    /// Engine time it took to produce, seconds.
    package let decodeSeconds: Double

    package init(text: String, confidence: Double, decodeSeconds: Double) {
        self.text = text
        self.confidence = confidence
        self.decodeSeconds = decodeSeconds
    }

    /// Bytes this entry is charged against the L1 budget: its text plus fixed bookkeeping
    /// (key, list links, dictionary slot), measured conservatively.
    var chargedBytes: Int { text.utf8.count + 160 }
}
