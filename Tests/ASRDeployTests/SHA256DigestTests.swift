import Digests
import Foundation
import Testing

/// The system libcrypto digest against FIPS 180-2's published vectors, fed whole and in pieces.
@Suite struct SHA256DigestTests {
    @Test func matchesThePublishedVectors() {
        #expect(SHA256Digest.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256Digest.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func piecesGiveTheDigestOfTheWhole() {
        let whole = Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let hasher = SHA256Digest()
        var offset = 0
        for size in [0, 1, 63, 64, 65, 1000] + [Int](repeating: 977, count: 20) where offset < whole.count {
            let end = min(whole.count, offset + size)
            hasher.update(whole.subdata(in: offset..<end))
            offset = end
        }
        hasher.update(whole.subdata(in: offset..<whole.count))
        #expect(hasher.finalize() == SHA256Digest.hash(whole))
        #expect([0x00, 0x0f, 0xa0, 0xff].hexString == "000fa0ff")
    }
}
