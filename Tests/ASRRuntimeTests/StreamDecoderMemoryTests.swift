import ASRRuntime
import Testing

/// What keeps a listening device's decoder small (docs/devices.md, memory per listening device).
/// Both checks are structural: RSS deltas in a test process that runs other suites at the same
/// time would measure them too.
@Suite struct StreamDecoderMemoryTests {
    /// PocketSphinx's allocations go to jemalloc, not glibc: a decoder's ~340,000 small blocks
    /// then cost their size class instead of a 32-byte chunk each (~6 MB less per decoder with
    /// en-us, measured). Fails if the `CJemalloc` link is dropped or loses the symbol lookup to
    /// the C library.
    @Test func theProcessAllocatesWithJemalloc() {
        #expect(ProcessMemory.allocatesWithJemalloc)
        #expect(ProcessMemory.threadAllocatedBytes() != nil)
    }

    /// A stream decoder's language-model set holds one entry per slot, the first under the
    /// search's own name, not that one plus every slot again: each entry is a column of the
    /// decoder's word map. Decoding through each slot still gives the same words.
    @Test func aStreamDecoderHoldsOneInstancePerSlot() throws {
        let model = PocketSphinxDecoder.SharedLanguageModel(path: "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin", slots: 2)
        var configuration = PocketSphinxConfiguration.englishUS
        configuration.extraArguments += ["-fwdflat", "no"]  // as DeviceStreams configures them
        let decoder = try PocketSphinxDecoder(configuration: configuration, languageModel: model)
        #expect(decoder.languageModelInstances == 2)
        let speech = try TestCorpus.goForward().samples
        for slot in 0..<2 {
            try decoder.useLanguageModel(slot: slot)
            decoder.startStream()
            try decoder.startUtterance()
            for start in stride(from: 0, to: speech.count, by: 640) {
                try decoder.process(Array(speech[start..<min(speech.count, start + 640)]))
            }
            #expect(try decoder.endUtterance().text == "go forward ten meters", "slot \(slot)")
        }
        let own = try PocketSphinxDecoder(configuration: .englishUS)
        #expect(own.languageModelInstances == 0)
    }
}
