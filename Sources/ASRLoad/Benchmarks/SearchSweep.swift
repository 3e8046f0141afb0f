import ASRContracts
import ASRRuntime
import Foundation

/// Section 9: PocketSphinx search option sets, each decoding the corpus two ways in this
/// process — whole utterances as the engine decodes HTTP requests, and the Opus round trip of
/// each utterance streamed as a device stream decodes it — with thread CPU time, word error
/// rate and `listen stop` → text.
///
/// Streaming is what `DeviceStreams` does: a `StreamRecognizer` in manual mode fed
/// `ASR_CHUNK_SIZE` steps, its decoder created with the candidate's options and `-fwdflat no`,
/// one recognizer per repetition going through the utterances in order (the cepstral mean
/// carried from one to the next, as one device's), each 60 ms packet a job of its own (a
/// decoder idle), then `listen stop` as the last job.
///
/// Every decoder is created up front on one thread, and every measurement runs on it,
/// candidates interleaved round-robin over the repetitions (the order rotated each time), so
/// drift of a shared machine falls on all of them alike; thread CPU time does not count the
/// time other processes take the core.
package struct SearchSweep: Sendable {
    package var corpus: SpeechCorpus
    package var candidates: [SearchCandidate]
    package var repetitions: Int
    /// `ASR_CHUNK_SIZE`, bytes.
    package var chunkBytes: Int
    /// `ASR_OVERLAP_SIZE`, bytes.
    package var overlapBytes: Int
    package var configuration: PocketSphinxConfiguration

    package init(
        corpus: SpeechCorpus,
        candidates: [SearchCandidate],
        repetitions: Int,
        chunkBytes: Int = RuntimeConfiguration.defaults.chunkSize,
        overlapBytes: Int = RuntimeConfiguration.defaults.overlapSize,
        configuration: PocketSphinxConfiguration = .englishUS
    ) {
        self.corpus = corpus
        self.candidates = candidates
        self.repetitions = max(1, repetitions)
        self.chunkBytes = chunkBytes
        self.overlapBytes = overlapBytes
        self.configuration = configuration
    }

    /// Runs the sweep on a thread of its own and returns when it is done.
    package func run(progress: @escaping @Sendable (String) -> Void) throws -> [SearchCandidateResult] {
        // Each utterance as a device sends it and the runtime decodes it: 60 ms Opus packets.
        let packets = try StressCorpus(encoding: corpus).utterances.map(\.packets)
        let outcome = ThreadOutcome<[SearchCandidateResult]>()
        let sweep = self
        let thread = Thread {
            outcome.finish { try sweep.measure(packets: packets, progress: progress) }
        }
        thread.stackSize = 8 << 20
        thread.start()
        return try outcome.wait()
    }

    /// The sweep itself, on the calling thread.
    private func measure(packets: [[[UInt8]]], progress: (String) -> Void) throws -> [SearchCandidateResult] {
        let pcm = try Self.roundTrip(packets)
        let languageModel = PocketSphinxDecoder.SharedLanguageModel(configuration: configuration, slots: 1)
        var decoders: [(whole: PocketSphinxDecoder, stream: StreamDecoder)] = []
        defer { for pair in decoders { pair.stream.free() } }
        for candidate in candidates {
            var searching = configuration
            searching.extraArguments += candidate.arguments
            let whole = try PocketSphinxDecoder(configuration: searching, languageModel: languageModel)
            let stream = try PocketSphinxDecoder(configuration: searching.setting("-fwdflat", to: "no"), languageModel: languageModel)
            // One decode each before any clock runs: the models paged in.
            _ = try whole.decode(corpus.utterances[0].audio)
            _ = try stream.decode(corpus.utterances[0].audio)
            decoders.append((whole, StreamDecoder(decoder: stream)))
        }
        let references = corpus.utterances.map(\.reference)
        let wholeAudio = corpus.totalSeconds
        let streamedAudio = pcm.reduce(0) { $0 + Double($1.joined().count) } / Double(PCMAudio.sampleRate)
        var results = candidates.map { candidate in
            SearchCandidateResult(
                candidate: candidate,
                whole: SearchPathResult(cpuSecondsByRepetition: [], audioSeconds: wholeAudio, texts: [], references: references),
                streamed: SearchPathResult(cpuSecondsByRepetition: [], audioSeconds: streamedAudio, texts: [], references: references),
                stopJobSeconds: [],
                stopJobCPUSeconds: 0
            )
        }
        for repetition in 0..<repetitions {
            for step in 0..<candidates.count {
                let index = (step + repetition) % candidates.count
                progress("  repetition \(repetition + 1)/\(repetitions): \(candidates[index].name)")
                let whole = try decodeWhole(with: decoders[index].whole)
                results[index].whole.cpuSecondsByRepetition.append(whole.cpuSeconds)
                if repetition == 0 { results[index].whole.texts = whole.texts }
                let streamed = try stream(pcm, through: decoders[index].stream)
                results[index].streamed.cpuSecondsByRepetition.append(streamed.cpuSeconds)
                if repetition == 0 { results[index].streamed.texts = streamed.texts }
                results[index].stopJobSeconds += streamed.stopSeconds
                results[index].stopJobCPUSeconds += streamed.stopCPUSeconds
            }
        }
        return results
    }

    /// Every utterance decoded whole (`full_utt`), as `PocketSphinxEngine.recognize` does.
    private func decodeWhole(with decoder: PocketSphinxDecoder) throws -> (cpuSeconds: Double, texts: [String]) {
        var cpu = 0.0
        var texts: [String] = []
        for utterance in corpus.utterances {
            let started = ProcessProbe.threadCPUSeconds()
            let hypothesis = try decoder.decode(utterance.audio)
            cpu += ProcessProbe.threadCPUSeconds() - started
            texts.append(hypothesis.text)
        }
        return (cpu, texts)
    }

    /// One device saying every utterance in turn: a new recognizer (so each repetition starts
    /// from the model's cepstral mean), a job per packet, `listen stop` timed as its own job.
    private func stream(
        _ utterances: [[[Int16]]],
        through decoder: StreamDecoder
    ) throws -> (cpuSeconds: Double, texts: [String], stopSeconds: [Double], stopCPUSeconds: Double) {
        let recognizer = StreamRecognizer(decoder: decoder, chunkBytes: chunkBytes, overlapBytes: overlapBytes)
        defer { _ = recognizer.detach() }
        var cpu = 0.0
        var stopCPU = 0.0
        var texts: [String] = []
        var stops: [Double] = []
        func job(_ inputs: [StreamInput]) throws -> StreamRecognizer.Report {
            let started = ProcessProbe.threadCPUSeconds()
            defer { cpu += ProcessProbe.threadCPUSeconds() - started }
            return try recognizer.handle(inputs, languageModelSlot: 0)
        }
        for packets in utterances {
            _ = try job([.start(.manual)])
            for packet in packets { _ = try job([.audio(packet)]) }
            let cpuBefore = ProcessProbe.threadCPUSeconds()
            let stopped = ContinuousClock.now
            let report = try job([.stop])
            stops.append((ContinuousClock.now - stopped).seconds)
            stopCPU += ProcessProbe.threadCPUSeconds() - cpuBefore
            texts.append(report.utterances.first?.text ?? "")
        }
        return (cpu, texts, stops, stopCPU)
    }

    /// The packets decoded as the runtime decodes a device's: one Opus decoder for the stream.
    private static func roundTrip(_ utterances: [[[UInt8]]]) throws -> [[[Int16]]] {
        let decoder = try OpusDecoder()
        return try utterances.map { packets in try packets.map { try decoder.decode($0) } }
    }
}
