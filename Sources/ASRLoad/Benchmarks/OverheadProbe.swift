import ASRRuntime
import Foundation

/// Measures `OverheadResult`: for each utterance, a bare in-process decode, then the same audio
/// (made distinct) to the runtime and to the peer, one request at a time on keep-alive
/// connections, alternating which service goes first. Runs on the calling thread, which
/// creates, uses and frees its own decoder.
package struct OverheadProbe: Sendable {
    package var corpus: SpeechCorpus
    package var configuration: PocketSphinxConfiguration

    package init(corpus: SpeechCorpus, configuration: PocketSphinxConfiguration = .englishUS) {
        self.corpus = corpus
        self.configuration = configuration
    }

    /// One pass over the corpus (a second pass was dropped to fit `make bench` in 15 minutes:
    /// the figure it sharpened is below this machine's noise anyway).
    package func run(oursPort: Int, peerPort: Int?) throws -> OverheadResult {
        let decoder = try PocketSphinxDecoder(configuration: configuration)
        let bodies = RecognizeBodies(utterances: corpus.utterances, distinct: true)
        let ours = BenchHTTPConnection(port: oursPort)
        let peer = peerPort.map { BenchHTTPConnection(port: $0) }
        var decodes: [Double] = []
        var oursOverhead: [Double] = []
        var peerOverhead: [Double] = []
        func latency(_ connection: BenchHTTPConnection, _ body: [UInt8]) -> Double? {
            let sent = ContinuousClock.now
            guard let reply = try? connection.post("/asr/recognize", contentType: "application/json", body: body),
                reply.status == 200
            else { return nil }
            return (ContinuousClock.now - sent).seconds
        }
        for (index, utterance) in corpus.utterances.enumerated() {
            let started = ContinuousClock.now
            _ = try utterance.samples.withUnsafeBufferPointer { (buffer) throws(SpeechEngineError) in try decoder.decode(buffer) }
            let decode = (ContinuousClock.now - started).seconds
            decodes.append(decode)
            let body = bodies.body(index).body
            let peerBody = bodies.body(index).body
            let peerFirst = index % 2 == 1  // alternate which service goes first
            if peerFirst, let peer, let value = latency(peer, peerBody) { peerOverhead.append(value - decode) }
            if let value = latency(ours, body) { oursOverhead.append(value - decode) }
            if !peerFirst, let peer, let value = latency(peer, peerBody) { peerOverhead.append(value - decode) }
        }
        return OverheadResult(
            pairs: decodes.count,
            decode: LatencyPercentiles(seconds: decodes),
            ours: LatencyPercentiles(seconds: oursOverhead),
            peer: peerPort == nil ? nil : LatencyPercentiles(seconds: peerOverhead)
        )
    }
}
