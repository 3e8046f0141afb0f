import Foundation
import Synchronization

/// The guide's `POST /asr/recognize` JSON bodies for the corpus, encoded once.
///
/// With `distinct`, every body carries different audio: a request counter is stamped into it
/// (`AudioMark`), so no request is a cache hit and no two requests in flight are de-duplicated —
/// the decoder does the whole work every time. Only the first 88 base64 characters are
/// re-encoded per request.
package final class RecognizeBodies: Sendable {
    /// Bytes re-encoded per request: the marked samples rounded up to whole base64 groups.
    static let patchedBytes = 66

    private struct Template: Sendable {
        var body: [UInt8]
        /// Where the base64 audio starts in `body`.
        var audioOffset: Int
        var head: [UInt8]
        var seconds: Double
    }

    package let utterances: [CorpusUtterance]
    package let distinct: Bool
    private let templates: [Template]
    private let counter = Atomic<UInt32>(0)
    private let salt: UInt32

    /// - Parameters:
    ///   - distinct: make every body's audio unique (see the type's documentation).
    ///   - salt: mixed into the counter so two runs against one cache never share audio.
    package init(utterances: [CorpusUtterance], distinct: Bool, salt: UInt32 = UInt32.random(in: 0...UInt32.max)) {
        self.utterances = utterances
        self.distinct = distinct
        self.salt = salt
        templates = utterances.map { utterance in
            let pcm = utterance.littleEndianBytes
            let prefix = Array(#"{"session_id":"bench","audio_data":""#.utf8)
            let suffix = Array(#"","sample_rate":16000,"language":"en-US","priority":2}"#.utf8)
            let encoded = Array(Data(pcm).base64EncodedString().utf8)
            return Template(
                body: prefix + encoded + suffix,
                audioOffset: prefix.count,
                head: Array(pcm.prefix(Self.patchedBytes)),
                seconds: utterance.seconds
            )
        }
    }

    /// The body for utterance `index`, and its audio seconds.
    package func body(_ index: Int) -> (body: [UInt8], seconds: Double) {
        let template = templates[index % templates.count]
        guard distinct, template.head.count == Self.patchedBytes else { return (template.body, template.seconds) }
        let mark = counter.wrappingAdd(1, ordering: .relaxed).newValue ^ salt
        var head = template.head
        AudioMark.stamp(mark, into: &head)
        let patch = Array(Data(head).base64EncodedString().utf8)
        var body = template.body
        body.replaceSubrange(template.audioOffset..<(template.audioOffset + patch.count), with: patch)
        return (body, template.seconds)
    }

    /// How many distinct utterances there are.
    package var count: Int { templates.count }
}
