import Testing

@testable import ASRContracts

@Suite struct KnobTests {
    @Test func defaultsMatchTheGuide() {
        let config = RuntimeConfiguration.defaults
        #expect(config.maxConcurrent == 20)
        #expect(config.queueSize == 50)
        #expect(config.workerThreads == 4)
        #expect(config.batchSize == 8)
        #expect(config.maxMemoryMB == 1500)
        #expect(config.cacheSizeMB == 512)
        #expect(config.chunkSize == 640)
        #expect(config.overlapSize == 64)
        #expect(config.port == 8001)
    }

    @Test func outOfRangeValueNamesKnobAndRange() {
        #expect(throws: KnobError(knob: "ASR_QUEUE_SIZE", value: "-1", allowed: "an integer in 0...10000")) {
            try RuntimeConfiguration(environment: ["ASR_QUEUE_SIZE": "-1"])
        }
    }

    @Test func oddChunkSizeIsRejected() throws {
        #expect(throws: KnobError.self) { try Knobs.chunkSize.parse("641") }
        #expect(try Knobs.chunkSize.parse("320") == .integer(320))
    }

    @Test func booleanSpellings() throws {
        #expect(try Knobs.enableAggressiveGC.parse("on") == .boolean(true))
        #expect(try Knobs.enableAggressiveGC.parse("0") == .boolean(false))
        #expect(throws: KnobError.self) { try Knobs.enableAggressiveGC.parse("maybe") }
    }

    @Test func memoryThresholdsMustBeOrdered() {
        #expect(throws: RuntimeConfigurationError.self) {
            try RuntimeConfiguration(environment: ["ASR_MAX_MEMORY_MB": "1200"])
        }
    }
}
