import ASRContracts
import Digests
import Foundation

/// Who may open a device stream: `ASR_AUTH_TOKENS` (bearer tokens) and `ASR_ALLOWED_DEVICES`
/// (Device-Id values admitted without one), both off by default as in xiaozhi-esp32-server.
///
/// - Neither set: every device is admitted.
/// - Tokens set: a device on the allow-list, or one presenting a listed token, is admitted.
/// - Only the allow-list set: only the devices on it are admitted.
package struct DeviceAccessPolicy: Sendable {
    /// Why a device was turned away; never repeats the token it sent.
    package struct Denial: Sendable, Equatable {
        package let message: String
    }

    private let tokenDigests: [[UInt8]]
    private let allowedDevices: Set<String>

    package init(tokens: [String], allowedDevices: [String]) {
        tokenDigests = tokens.map(Self.digest)
        self.allowedDevices = Set(allowedDevices.map { $0.lowercased() })
    }

    package init(configuration: RuntimeConfiguration) {
        self.init(tokens: configuration.authTokens, allowedDevices: configuration.allowedDevices)
    }

    /// Whether any check is on.
    package var isEnforced: Bool { !tokenDigests.isEmpty || !allowedDevices.isEmpty }

    /// Admits the device or says why not.
    /// - Parameters:
    ///   - deviceID: the `Device-Id` header (or query parameter).
    ///   - authorization: the `Authorization` header value, `Bearer <token>`, `Bearer; <token>`
    ///     (FunASR's form) or a bare token.
    package func check(deviceID: String?, authorization: String?) -> Denial? {
        guard isEnforced else { return nil }
        if let deviceID, allowedDevices.contains(deviceID.lowercased()) { return nil }
        guard !tokenDigests.isEmpty else {
            return Denial(message: "device \(deviceID.map { "\"\($0)\"" } ?? "without a Device-Id") is not in ASR_ALLOWED_DEVICES")
        }
        guard let token = Self.bearerToken(authorization) else {
            return Denial(message: "this runtime requires a bearer token (Authorization: Bearer <token>)")
        }
        // Compared as digests, in full each time: how long the check takes says nothing about the token.
        let digest = Self.digest(token)
        let matched = tokenDigests.reduce(false) { matched, listed in
            zip(listed, digest).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0 || matched
        }
        return matched ? nil : Denial(message: "the bearer token is not one of ASR_AUTH_TOKENS")
    }

    private static func digest(_ token: String) -> [UInt8] {
        SHA256Digest.hash(Data(token.utf8))
    }

    private static func bearerToken(_ authorization: String?) -> String? {
        guard var value = authorization?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        // "Bearer" with nothing after it (the header's trailing space trimmed) carries no token.
        if value.lowercased() == "bearer" { return nil }
        // "Bearer <token>", or FunASR's "Bearer; <token>".
        if value.lowercased().hasPrefix("bearer ") || value.lowercased().hasPrefix("bearer;") {
            value = String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        return value.isEmpty ? nil : value
    }
}
