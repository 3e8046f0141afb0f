import ASRContracts

/// What an environment variable in a profile or Compose file does to this deployment.
enum EnvironmentRules {
    enum Rule: Equatable {
        case setting(String)
        case noEffect(String)
        case unknown(suggestions: [String])
    }

    /// Variables found in the guide's and the fork's files that no part of this runtime reads.
    static let knownWithoutEffect: [String: String] = [
        "ASR_ENABLE_SEMANTIC_CACHE": "no semantic cache exists: results are cached by exact audio hash only",
        "ASR_ENABLE_BATCH_OPTIMIZATION": "batching is always on; ASR_BATCH_SIZE sets it",
        "ASR_ENABLE_ZERO_COPY": "no runtime switch: audio buffers are reused through the pool (ASR_ENABLE_MEMORY_POOL)",
        "ASR_PRELOAD_MODEL": "models are always loaded at start-up; /health is 503 until they are",
        "ASR_ENABLE_FP16": "PocketSphinx has no FP16 mode",
        "ASR_RESULT_CACHE_SIZE": "the result cache is bounded in bytes by ASR_CACHE_SIZE_MB, not by entries",
        "SENSEVOICE_MODEL_CACHE": "this runtime uses PocketSphinx, not SenseVoice",
        "SENSEVOICE_PRELOAD": "this runtime uses PocketSphinx, not SenseVoice",
        "OMP_NUM_THREADS": "PocketSphinx does not use OpenMP; ASR_WORKER_THREADS sets decoder threads",
        "MKL_NUM_THREADS": "PocketSphinx does not use MKL; ASR_WORKER_THREADS sets decoder threads",
        "NUMBA_NUM_THREADS": "no Numba in this runtime",
        "PYTHONUNBUFFERED": "the ASR runtime is not a Python program",
        "PYTHONDONTWRITEBYTECODE": "the ASR runtime is not a Python program",
        "PYTHONIOENCODING": "the ASR runtime is not a Python program",
        "PYTHONUTF8": "the ASR runtime is not a Python program",
        "TZ": "the ASR runtime logs in UTC; the container's time zone changes nothing it does",
        "LANG": "the ASR runtime does not depend on the locale",
        "LC_ALL": "the ASR runtime does not depend on the locale",
    ]

    static func rule(for name: String) -> Rule {
        if RuntimeSettings.named(name) != nil { return .setting(name) }
        if SettingsCatalog.setting("env.\(name)") != nil { return .setting("env.\(name)") }
        if let reason = knownWithoutEffect[name] { return .noEffect(reason) }
        let candidates = RuntimeSettings.all.map(\.id).filter { EditDistance.between($0, name) <= 3 }
        return .unknown(suggestions: candidates)
    }
}
