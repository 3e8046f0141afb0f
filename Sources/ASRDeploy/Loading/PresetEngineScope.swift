import ASRContracts

/// A preset tunes the engines that serve requests, not the others: its values for the settings
/// that act on one engine only — decoder threads, batches and the search level for PocketSphinx, the in-flight
/// limit and timeout for the upstream — are not applied while that engine serves nothing. An
/// upstream-only deployment keeps its decoder settings under high-load (no decoder is loaded to
/// use more threads), and a PocketSphinx-only one its upstream settings. Profiles, `--values`
/// and `--set` still set them as written: only the preset's suggestion is scoped.
enum PresetEngineScope {
    /// The engine each engine-specific setting acts on.
    static let engineOfSetting: [String: String] = [
        RuntimeSettings.workerThreads.id: "pocketsphinx",
        RuntimeSettings.batchSize.id: "pocketsphinx",
        RuntimeSettings.searchLevel.id: "pocketsphinx",
        RuntimeSettings.upstreamMaxInFlight.id: "upstream",
        RuntimeSettings.upstreamTimeout.id: "upstream",
    ]

    /// Puts back, for each engine-specific setting whose value came from the preset while its
    /// engine serves nothing, the value beneath the preset.
    /// - Parameters:
    ///   - values: every layer's values; changed in place.
    ///   - beneathPreset: the values before the preset was applied.
    /// - Returns: a note, at the preset's line, for each value not applied.
    static func apply(_ values: inout LayeredValues, beneathPreset: LayeredValues) -> [Diagnostic] {
        let runtime = values.typedView.runtime
        let serving = ["pocketsphinx": runtime.usesPocketSphinx, "upstream": runtime.usesUpstream]
        var notes: [Diagnostic] = []
        for (id, engine) in engineOfSetting.sorted(by: { $0.key < $1.key }) where serving[engine] == false {
            guard let (value, source) = values[id], case .preset(let name, let location) = source else { continue }
            values[id] = beneathPreset[id]
            notes.append(
                Diagnostic(
                    .noEffect,
                    at: location,
                    key: id,
                    "preset \(name) sets \(id)=\(value), not applied: \(id) acts on \(engine) alone, and no request goes to \(engine) (ASR_ENGINE=\(runtime.engine)\(runtime.engineRoutes.isEmpty ? "" : ", ASR_ENGINE_ROUTES=\(runtime.engineRoutes)"))"
                )
            )
        }
        return notes
    }
}
