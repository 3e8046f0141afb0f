/// The one table of runtime settings, the `ASR_*` environment variables the service reads and
/// enforces. `RuntimeConfiguration` reads them; `asrctl` maps profile keys onto them, validates
/// against the same kinds and ranges, and renders them.
package enum RuntimeSettings {
    package static let maxConcurrent = Setting(
        "ASR_MAX_CONCURRENT",
        .integer(1...1000),
        default: .integer(20),
        doc: "Most recognition requests and device streams open at once; more wait in the queue."
    )
    package static let queueSize = Setting(
        "ASR_QUEUE_SIZE",
        .integer(0...10000),
        default: .integer(50),
        doc: "Most utterances waiting for a decoder; when full, new work gets 503 with Retry-After at once."
    )
    package static let workerThreads = Setting(
        "ASR_WORKER_THREADS",
        .integer(1...64),
        default: .integer(4),
        doc: "Decoder threads, each owning one PocketSphinx decoder (~92 MB each)."
    )
    package static let batchSize = Setting(
        "ASR_BATCH_SIZE",
        .integer(1...64),
        default: .integer(8),
        doc: "Most queued jobs a worker takes per dispatch; identical audio in flight is decoded once."
    )
    package static let maxMemoryMB = Setting(
        "ASR_MAX_MEMORY_MB",
        .integer(256...65536),
        default: .integer(1500),
        unit: "MB",
        doc: "Cap on the service's resident memory (RSS)."
    )
    package static let memoryWarningMB = Setting(
        "ASR_MEMORY_WARNING_MB",
        .integer(64...65536),
        default: .integer(1200),
        unit: "MB",
        doc: "RSS at which caches and the buffer pool are trimmed."
    )
    package static let memoryCriticalMB = Setting(
        "ASR_MEMORY_CRITICAL_MB",
        .integer(64...65536),
        default: .integer(1400),
        unit: "MB",
        doc: "RSS at which new work is shed with 503 until memory falls."
    )
    package static let enableMemoryPool = Setting(
        "ASR_ENABLE_MEMORY_POOL",
        .boolean,
        default: .boolean(true),
        doc: "Reuse audio buffers from a bounded pool instead of allocating per request."
    )
    package static let memoryPoolSize = Setting(
        "ASR_MEMORY_POOL_SIZE",
        .integer(0...4096),
        default: .integer(32),
        doc: "Most audio buffers the pool keeps."
    )
    package static let memoryPoolBufferKB = Setting(
        "ASR_MEMORY_POOL_BUFFER_KB",
        .integer(4...16384),
        default: .integer(64),
        unit: "KB",
        doc: "Capacity of each pooled audio buffer."
    )
    package static let memoryPoolPrealloc = Setting(
        "ASR_MEMORY_POOL_PREALLOC",
        .boolean,
        default: .boolean(true),
        doc: "Allocate the whole pool at start-up."
    )
    package static let cacheSizeMB = Setting(
        "ASR_CACHE_SIZE_MB",
        .integer(0...16384),
        default: .integer(512),
        unit: "MB",
        doc: "Byte budget of the in-process LRU result cache (L1); 0 turns it off."
    )
    package static let cacheTTL = Setting(
        "ASR_CACHE_TTL",
        .integer(0...2_592_000),
        default: .integer(900),
        unit: "s",
        doc: "Lifetime of results stored in Redis (L2); 0 stores nothing in Redis."
    )
    package static let redisURL = Setting(
        "ASR_REDIS_URL",
        .text,
        default: .text("redis://127.0.0.1:6379"),
        doc: "Where the L2 cache lives; empty turns L2 off."
    )
    package static let redisKeyPrefix = Setting(
        "ASR_REDIS_KEY_PREFIX",
        .text,
        default: .text("asr_4c8g"),
        doc: "Prefix of every cache key written to Redis."
    )
    package static let chunkSize = Setting(
        "ASR_CHUNK_SIZE",
        .integer(32...65536, multipleOf: 2),
        default: .integer(640),
        unit: "bytes",
        doc: "Bytes of 16 kHz s16le PCM fed to the decoder per step when streaming (640 B = 20 ms)."
    )
    package static let overlapSize = Setting(
        "ASR_OVERLAP_SIZE",
        .integer(0...65536, multipleOf: 2),
        default: .integer(64),
        unit: "bytes",
        doc: "Bytes of pre-roll kept when the endpointer cuts a stream into utterances."
    )
    package static let enableAggressiveGC = Setting(
        "ASR_ENABLE_AGGRESSIVE_GC",
        .boolean,
        default: .boolean(false),
        doc: "Every GC interval, shrink the pool and L1 and return freed memory to the OS (malloc_trim)."
    )
    package static let gcInterval = Setting(
        "ASR_GC_INTERVAL",
        .integer(1...3600),
        default: .integer(30),
        unit: "s",
        doc: "Seconds between aggressive GC passes."
    )
    package static let networkTimeout = Setting(
        "ASR_NETWORK_TIMEOUT",
        .integer(1...600),
        default: .integer(30),
        unit: "s",
        doc: "Seconds a client may stall mid-request or mid-stream; also bounds Redis calls."
    )
    package static let host = Setting(
        "ASR_HOST",
        .text,
        default: .text("0.0.0.0"),
        doc: "Address the HTTP/WebSocket API listens on."
    )
    package static let port = Setting(
        "ASR_PORT",
        .integer(1...65535),
        default: .integer(8001),
        doc: "Port the HTTP/WebSocket API listens on."
    )
    package static let funASRPort = Setting(
        "ASR_FUNASR_PORT",
        .integer(0...65535),
        default: .integer(10095),
        doc: "Port of the FunASR runtime WebSocket protocol (what xiaozhi-esp32-server's FunASRServer provider speaks), on ASR_HOST; 0 turns it off."
    )
    package static let language = Setting(
        "ASR_LANGUAGE",
        .text,
        default: .text("en-US"),
        doc: "Language assumed when a request names none (the en-us model recognises English; the language is part of the cache key)."
    )
    package static let modelDirectory = Setting(
        "ASR_MODEL_DIR",
        .text,
        default: .text("/usr/share/pocketsphinx/model/en-us"),
        doc: "PocketSphinx model directory (acoustic model en-us/, en-us.lm.bin, cmudict-en-us.dict)."
    )
    package static let searchLevel = Setting(
        "ASR_SEARCH_LEVEL",
        .choice(SearchLevel.allCases.map(\.rawValue)),
        default: .text(SearchLevel.standard.rawValue),
        doc:
            "How hard PocketSphinx searches, for HTTP requests and device streams alike: accurate (the model's own search, as before levels existed), balanced (about 0.5–0.6 of its CPU per audio second, the same word error rate on the test corpus) or fast (about 0.4 of its CPU, the narrowest search; for the most devices per core). Each level has its own cache entries."
    )
    package static let authTokens = Setting(
        "ASR_AUTH_TOKENS",
        .text,
        default: .text(""),
        doc: "Comma-separated bearer tokens device streams must present (Authorization: Bearer …); empty requires none, as upstream."
    )
    package static let allowedDevices = Setting(
        "ASR_ALLOWED_DEVICES",
        .text,
        default: .text(""),
        doc: "Comma-separated Device-Id (MAC) values admitted without a token; with no tokens set, only these devices are admitted."
    )
    package static let engine = Setting(
        "ASR_ENGINE",
        .choice(["pocketsphinx", "upstream"]),
        default: .text("pocketsphinx"),
        doc:
            "The engine for requests when ASR_ENGINE_ROUTES is empty: PocketSphinx in process, or the OpenAI-compatible upstream at ASR_UPSTREAM_URL."
    )
    package static let engineRoutes = Setting(
        "ASR_ENGINE_ROUTES",
        .text,
        default: .text(""),
        doc:
            "Engine by request language, e.g. zh=upstream,en=pocketsphinx (*= for the rest); a language no route names gets 400. Empty: every request goes to ASR_ENGINE."
    )
    package static let upstreamURL = Setting(
        "ASR_UPSTREAM_URL",
        .text,
        default: .text(""),
        doc:
            "Address of the upstream engine: an OpenAI-compatible transcription server (FunASR, speaches, vLLM, a hosted API; utterances go to its /v1/audio/transcriptions) or, with ASR_UPSTREAM_PROTOCOL=funasr-ws, a FunASR runtime WebSocket server (ws://host:10095)."
    )
    package static let upstreamProtocol = Setting(
        "ASR_UPSTREAM_PROTOCOL",
        .choice(UpstreamProtocol.allCases.map(\.rawValue)),
        default: .text(UpstreamProtocol.openAI.rawValue),
        doc:
            "How the upstream is spoken to: openai (POST <url>/v1/audio/transcriptions, an http(s) address) or funasr-ws (the FunASR runtime WebSocket protocol, a ws(s) address such as ws://funasr:10095)."
    )
    package static let upstreamModel = Setting(
        "ASR_UPSTREAM_MODEL",
        .text,
        default: .text(""),
        doc:
            "The model field sent to the upstream (e.g. whisper-1, paraformer-zh); required with an openai upstream (the FunASR protocol names none)."
    )
    package static let upstreamAPIKeyFile = Setting(
        "ASR_UPSTREAM_API_KEY_FILE",
        .text,
        default: .text(""),
        doc: "File holding the upstream's API key, sent as a bearer token; the key itself is never printed, logged or rendered."
    )
    package static let upstreamTimeout = Setting(
        "ASR_UPSTREAM_TIMEOUT",
        .integer(0...600),
        default: .integer(0),
        unit: "s",
        doc: "The most one recognition through the upstream may take, retries included; 0 means ASR_NETWORK_TIMEOUT."
    )
    package static let upstreamMaxInFlight = Setting(
        "ASR_UPSTREAM_MAX_IN_FLIGHT",
        .integer(0...1024),
        default: .integer(0),
        doc: "Requests open to the upstream at once (the rest wait, most urgent first); 0 means ASR_MAX_CONCURRENT."
    )

    /// Every runtime setting, in the order operators read them.
    package static let all: [Setting] = [
        maxConcurrent, queueSize, workerThreads, batchSize,
        maxMemoryMB, memoryWarningMB, memoryCriticalMB,
        enableMemoryPool, memoryPoolSize, memoryPoolBufferKB, memoryPoolPrealloc,
        cacheSizeMB, cacheTTL, redisURL, redisKeyPrefix,
        chunkSize, overlapSize, enableAggressiveGC, gcInterval, networkTimeout,
        host, port, funASRPort, language, modelDirectory, searchLevel, authTokens, allowedDevices,
        engine, engineRoutes, upstreamURL, upstreamProtocol, upstreamModel, upstreamAPIKeyFile, upstreamTimeout, upstreamMaxInFlight,
    ]

    /// The runtime setting with environment name `id`, if there is one.
    package static func named(_ id: String) -> Setting? {
        all.first { $0.id == id }
    }
}
