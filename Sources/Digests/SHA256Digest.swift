import CLibCrypto
import Foundation

/// SHA-256 from the system's OpenSSL libcrypto. The only unsafe C surface of the digest: a
/// context is created per hasher, fed bytes, and freed when the hasher is.
public final class SHA256Digest {
    private let context: OpaquePointer

    public init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("libcrypto could not start a SHA-256 digest (out of memory)")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds `bytes` to the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        guard EVP_DigestUpdate(context, base, bytes.count) == 1 else {
            fatalError("libcrypto failed to update a SHA-256 digest")
        }
    }

    /// Adds `data` to the digest.
    public func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// The 32-byte digest of everything added. The hasher is spent afterwards.
    public func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let status = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        guard status == 1, length == 32 else { fatalError("libcrypto failed to finish a SHA-256 digest") }
        return digest
    }

    /// The 32-byte SHA-256 of `data`.
    public static func hash(_ data: Data) -> [UInt8] {
        let hasher = SHA256Digest()
        hasher.update(data)
        return hasher.finalize()
    }

    /// The lowercase hex SHA-256 of `data`, 64 characters.
    public static func hex(_ data: Data) -> String {
        hash(data).hexString
    }
}

extension [UInt8] {
    /// The bytes as lowercase hex, two characters each.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(count * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
