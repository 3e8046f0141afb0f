/// The one table of runtime knobs. The runtime reads these from its environment; `asrctl`
/// maps profile keys onto them, validates against the same kinds and ranges, and renders them.
public enum Knobs {
    public static let maxConcurrent = Knob(
        "ASR_MAX_CONCURRENT",
        .integer(1...1000),
        default: .integer(20),
        doc: "Most recognition requests and device streams open at once; more wait in the queue."
    )
    public static let queueSize = Knob(
        "ASR_QUEUE_SIZE",
        .integer(0...10000),
        default: .integer(50),
        doc: "Most utterances waiting for a decoder; when full, new work gets 503 with Retry-After at once."
    )
    public static let workerThreads = Knob(
        "ASR_WORKER_THREADS",
        .integer(1...64),
        default: .integer(4),
        doc: "Decoder threads, each owning one PocketSphinx decoder (~92 MB each)."
    )
    public static let batchSize = Knob(
        "ASR_BATCH_SIZE",
        .integer(1...64),
        default: .integer(8),
        doc: "Most queued jobs a worker takes per dispatch; identical audio in flight is decoded once."
    )
    public static let maxMemoryMB = Knob(
        "ASR_MAX_MEMORY_MB",
        .integer(256...65536),
        default: .integer(1500),
        unit: "MB",
        doc: "Cap on the service's resident memory (RSS)."
    )
    public static let memoryWarningMB = Knob(
        "ASR_MEMORY_WARNING_MB",
        .integer(64...65536),
        default: .integer(1200),
        unit: "MB",
        doc: "RSS at which caches and the buffer pool are trimmed."
    )
    public static let memoryCriticalMB = Knob(
        "ASR_MEMORY_CRITICAL_MB",
        .integer(64...65536),
        default: .integer(1400),
        unit: "MB",
        doc: "RSS at which new work is shed with 503 until memory falls."
    )
    public static let enableMemoryPool = Knob(
        "ASR_ENABLE_MEMORY_POOL",
        .boolean,
        default: .boolean(true),
        doc: "Reuse audio buffers from a bounded pool instead of allocating per request."
    )
    public static let memoryPoolSize = Knob(
        "ASR_MEMORY_POOL_SIZE",
        .integer(0...4096),
        default: .integer(32),
        doc: "Most audio buffers the pool keeps."
    )
    public static let memoryPoolBufferKB = Knob(
        "ASR_MEMORY_POOL_BUFFER_KB",
        .integer(4...16384),
        default: .integer(64),
        unit: "KB",
        doc: "Capacity of each pooled audio buffer."
    )
    public static let memoryPoolPrealloc = Knob(
        "ASR_MEMORY_POOL_PREALLOC",
        .boolean,
        default: .boolean(true),
        doc: "Allocate the whole pool at start-up."
    )
    public static let cacheSizeMB = Knob(
        "ASR_CACHE_SIZE_MB",
        .integer(0...16384),
        default: .integer(512),
        unit: "MB",
        doc: "Byte budget of the in-process LRU result cache (L1); 0 turns it off."
    )
    public static let cacheTTL = Knob(
        "ASR_CACHE_TTL",
        .integer(0...2_592_000),
        default: .integer(900),
        unit: "s",
        doc: "Lifetime of results stored in Redis (L2); 0 stores nothing in Redis."
    )
    public static let redisURL = Knob(
        "ASR_REDIS_URL",
        .string,
        default: .string("redis://127.0.0.1:6379"),
        doc: "Where the L2 cache lives; empty turns L2 off."
    )
    public static let redisKeyPrefix = Knob(
        "ASR_REDIS_KEY_PREFIX",
        .string,
        default: .string("asr_4c8g"),
        doc: "Prefix of every cache key written to Redis."
    )
    public static let chunkSize = Knob(
        "ASR_CHUNK_SIZE",
        .integer(32...65536, multipleOf: 2),
        default: .integer(640),
        unit: "bytes",
        doc: "Bytes of 16 kHz s16le PCM fed to the decoder per step when streaming (640 B = 20 ms)."
    )
    public static let overlapSize = Knob(
        "ASR_OVERLAP_SIZE",
        .integer(0...65536, multipleOf: 2),
        default: .integer(64),
        unit: "bytes",
        doc: "Bytes of pre-roll kept when the endpointer cuts a stream into utterances."
    )
    public static let enableAggressiveGC = Knob(
        "ASR_ENABLE_AGGRESSIVE_GC",
        .boolean,
        default: .boolean(false),
        doc: "Every GC interval, shrink the pool and L1 and return freed memory to the OS (malloc_trim)."
    )
    public static let gcInterval = Knob(
        "ASR_GC_INTERVAL",
        .integer(1...3600),
        default: .integer(30),
        unit: "s",
        doc: "Seconds between aggressive GC passes."
    )
    public static let networkTimeout = Knob(
        "ASR_NETWORK_TIMEOUT",
        .integer(1...600),
        default: .integer(30),
        unit: "s",
        doc: "Seconds a client may stall mid-request or mid-stream; also bounds Redis calls."
    )
    public static let host = Knob(
        "ASR_HOST",
        .string,
        default: .string("0.0.0.0"),
        doc: "Address the HTTP/WebSocket API listens on."
    )
    public static let port = Knob(
        "ASR_PORT",
        .integer(1...65535),
        default: .integer(8001),
        doc: "Port the HTTP/WebSocket API listens on."
    )
    public static let language = Knob(
        "ASR_LANGUAGE",
        .string,
        default: .string("en-US"),
        doc: "Language assumed when a request names none (the en-us model recognises English; the language is part of the cache key)."
    )
    public static let modelDirectory = Knob(
        "ASR_MODEL_DIR",
        .string,
        default: .string("/usr/share/pocketsphinx/model/en-us"),
        doc: "PocketSphinx model directory (acoustic model en-us/, en-us.lm.bin, cmudict-en-us.dict)."
    )
    public static let authTokens = Knob(
        "ASR_AUTH_TOKENS",
        .string,
        default: .string(""),
        doc: "Comma-separated bearer tokens device streams must present (Authorization: Bearer …); empty requires none, as upstream."
    )
    public static let allowedDevices = Knob(
        "ASR_ALLOWED_DEVICES",
        .string,
        default: .string(""),
        doc: "Comma-separated Device-Id (MAC) values admitted without a token; with no tokens set, only these devices are admitted."
    )

    /// Every knob, in the order operators read them.
    public static let all: [Knob] = [
        maxConcurrent, queueSize, workerThreads, batchSize,
        maxMemoryMB, memoryWarningMB, memoryCriticalMB,
        enableMemoryPool, memoryPoolSize, memoryPoolBufferKB, memoryPoolPrealloc,
        cacheSizeMB, cacheTTL, redisURL, redisKeyPrefix,
        chunkSize, overlapSize, enableAggressiveGC, gcInterval, networkTimeout,
        host, port, language, modelDirectory, authTokens, allowedDevices,
    ]

    /// The knob with environment name `env`, if there is one.
    public static func named(_ env: String) -> Knob? {
        all.first { $0.env == env }
    }
}
