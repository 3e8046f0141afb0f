/// Makes audio distinct without changing what it says: a 32-bit mark written into the least
/// significant bit of the first 32 samples (2 ms; an amplitude change of at most 1), so a cache
/// keyed on the audio never hits and identical requests in flight are never merged, while the
/// engine has the same work to do.
package enum AudioMark {
    /// Samples whose low bit carries the mark.
    package static let markedSamples = 32

    /// Writes `mark` into `bytes`, little-endian 16-bit PCM holding at least `markedSamples` samples.
    package static func stamp(_ mark: UInt32, into bytes: inout [UInt8]) {
        precondition(bytes.count >= markedSamples * 2, "too little audio to mark")
        for bit in 0..<markedSamples {
            // Low byte of sample `bit` (little-endian): its least significant bit.
            let value = UInt8((mark >> UInt32(bit)) & 1)
            bytes[bit * 2] = (bytes[bit * 2] & 0xFE) | value
        }
    }
}
