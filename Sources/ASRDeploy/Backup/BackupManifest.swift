import Foundation

/// The `MANIFEST.json` at the root of every backup archive: what was backed up,
/// by which asrctl, on which host, and each file's size, mode and SHA-256, so that
/// restore can prove the archive is complete and unaltered.
///
/// ```json
/// {
///   "asrctl_version" : "0.1.0",
///   "created_at" : "2025-01-31T09:15:02Z",
///   "files" : [ { "mode" : "0644", "path" : "profiles/…", "sha256" : "…", "size" : 812 } ],
///   "format_version" : 1,
///   "host_name" : "asr-01",
///   "included_paths" : [ "profiles", ".asrctl", "deploy" ],
///   "missing_paths" : [ ]
/// }
/// ```
package struct BackupManifest: Sendable, Hashable, Codable {
    /// The manifest format this asrctl writes and reads.
    package static let currentFormatVersion = 1

    /// Manifest format version (``currentFormatVersion`` for new backups).
    package let formatVersion: Int
    /// When the backup was made (ISO-8601, UTC, whole seconds in the JSON).
    package let createdAt: Date
    /// The asrctl version that made it.
    package let asrctlVersion: String
    /// The host it was made on.
    package let hostName: String
    /// The relative paths that were asked for, as given (normalised).
    package let includedPaths: [String]
    /// Requested paths that did not exist and were skipped.
    package let missingPaths: [String]
    /// Every file in the archive apart from the manifest, sorted by path.
    package let files: [BackupManifestEntry]

    /// Creates a manifest; `files` are sorted by path.
    package init(
        formatVersion: Int = BackupManifest.currentFormatVersion,
        createdAt: Date,
        asrctlVersion: String,
        hostName: String,
        includedPaths: [String],
        missingPaths: [String],
        files: [BackupManifestEntry]
    ) {
        self.formatVersion = formatVersion
        self.createdAt = createdAt
        self.asrctlVersion = asrctlVersion
        self.hostName = hostName
        self.includedPaths = includedPaths
        self.missingPaths = missingPaths
        self.files = files.sorted { $0.path < $1.path }
    }

    /// Total size in bytes of all recorded files.
    package var totalSize: Int { files.reduce(0) { $0 + $1.size } }

    /// The manifest as pretty-printed JSON with sorted keys.
    package func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Decodes a manifest from `MANIFEST.json` contents.
    package static func decode(from data: Data) throws -> BackupManifest {
        try JSONDecoder().decode(BackupManifest.self, from: data)
    }

    private enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case createdAt = "created_at"
        case asrctlVersion = "asrctl_version"
        case hostName = "host_name"
        case includedPaths = "included_paths"
        case missingPaths = "missing_paths"
        case files
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        let createdText = try container.decode(String.self, forKey: .createdAt)
        guard let created = try? Date(createdText, strategy: .iso8601) else {
            throw DecodingError.dataCorruptedError(
                forKey: .createdAt,
                in: container,
                debugDescription: "'\(createdText)' is not an ISO-8601 date-time"
            )
        }
        createdAt = created
        asrctlVersion = try container.decode(String.self, forKey: .asrctlVersion)
        hostName = try container.decode(String.self, forKey: .hostName)
        includedPaths = try container.decodeIfPresent([String].self, forKey: .includedPaths) ?? []
        missingPaths = try container.decodeIfPresent([String].self, forKey: .missingPaths) ?? []
        files = try container.decode([BackupManifestEntry].self, forKey: .files)
    }

    /// Encodes `created_at` as ISO-8601 text whatever the encoder's date strategy, so
    /// results that embed a manifest print the same way in `--json` output.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(createdAt.ISO8601Format(), forKey: .createdAt)
        try container.encode(asrctlVersion, forKey: .asrctlVersion)
        try container.encode(hostName, forKey: .hostName)
        try container.encode(includedPaths, forKey: .includedPaths)
        try container.encode(missingPaths, forKey: .missingPaths)
        try container.encode(files, forKey: .files)
    }
}
