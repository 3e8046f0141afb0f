import Testing

@testable import ASRContracts

@Suite struct SettingTests {
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

    @Test func outOfRangeValueNamesSettingAndRange() {
        #expect(throws: SettingValueError(setting: "ASR_QUEUE_SIZE", value: "-1", allowed: "an integer in 0...10000")) {
            try RuntimeConfiguration(environment: ["ASR_QUEUE_SIZE": "-1"])
        }
    }

    @Test func oddChunkSizeIsRejected() throws {
        #expect(throws: SettingValueError.self) { try RuntimeSettings.chunkSize.parse("641") }
        #expect(try RuntimeSettings.chunkSize.parse("320") == .integer(320))
    }

    @Test func booleanSpellings() throws {
        #expect(try RuntimeSettings.enableAggressiveGC.parse("on") == .boolean(true))
        #expect(try RuntimeSettings.enableAggressiveGC.parse("0") == .boolean(false))
        #expect(throws: SettingValueError.self) { try RuntimeSettings.enableAggressiveGC.parse("maybe") }
    }

    @Test func memoryThresholdsMustBeOrdered() {
        #expect(throws: RuntimeConfigurationError.self) {
            try RuntimeConfiguration(environment: ["ASR_MAX_MEMORY_MB": "1200"])
        }
    }
}
