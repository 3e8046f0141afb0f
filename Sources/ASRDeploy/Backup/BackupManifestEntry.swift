/// One file recorded in a backup's `MANIFEST.json`.
///
/// Encoded as `{"path": "profiles/presets/high-load.yaml", "size": 412,
/// "mode": "0644", "sha256": "…"}`; the mode is octal text so people can read it.
package struct BackupManifestEntry: Sendable, Hashable, Codable {
    /// Path relative to the project root, `/`-separated, no `.` or `..` components.
    package let path: String
    /// Size in bytes.
    package let size: Int
    /// Permission bits (`0o644`, `0o600`, …); set-id and sticky bits are not kept.
    package let mode: Int
    /// Lowercase hex SHA-256 of the contents.
    package let sha256: String

    /// Creates an entry; `mode` is masked to the permission bits.
    package init(path: String, size: Int, mode: Int, sha256: String) {
        self.path = path
        self.size = size
        self.mode = mode & 0o777
        self.sha256 = sha256
    }

    private enum CodingKeys: String, CodingKey {
        case path, size, mode, sha256
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        size = try container.decode(Int.self, forKey: .size)
        let modeText = try container.decode(String.self, forKey: .mode)
        guard let mode = Int(modeText, radix: 8), (0...0o777).contains(mode) else {
            throw DecodingError.dataCorruptedError(
                forKey: .mode,
                in: container,
                debugDescription: "mode '\(modeText)' is not octal permission bits"
            )
        }
        self.mode = mode
        sha256 = try container.decode(String.self, forKey: .sha256)
        guard size >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .size, in: container, debugDescription: "negative size")
        }
        guard sha256.count == 64, sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .sha256,
                in: container,
                debugDescription: "'\(sha256)' is not a lowercase hex SHA-256"
            )
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(size, forKey: .size)
        try container.encode(BackupFileSystem.octal(mode), forKey: .mode)
        try container.encode(sha256, forKey: .sha256)
    }
}
