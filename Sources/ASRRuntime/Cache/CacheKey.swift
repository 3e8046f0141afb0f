import Digests
import Foundation

/// The cache key of a recognition: SHA-256 over the engine id, the language and the
/// normalised PCM (16 kHz mono s16le), so identical audio hits and nothing else does.
package struct CacheKey: Sendable, Hashable, CustomStringConvertible {
    /// Hex digest, 64 characters.
    package let digest: String

    package init(engineID: String, language: String, samples: UnsafeBufferPointer<Int16>) {
        let hasher = SHA256Digest()
        hasher.update(Data(engineID.utf8))
        hasher.update(Data([0]))
        hasher.update(Data(language.lowercased().utf8))
        hasher.update(Data([0]))
        hasher.update(UnsafeRawBufferPointer(samples))
        digest = hasher.finalize().hexString
    }

    package init(engineID: String, language: String, samples: [Int16]) {
        self = samples.withUnsafeBufferPointer { CacheKey(engineID: engineID, language: language, samples: $0) }
    }

    package var description: String { digest }
}
