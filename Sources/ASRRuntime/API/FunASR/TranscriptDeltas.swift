/// Turns an utterance's growing hypothesis into the pieces FunASR's online results carry: each
/// result holds only the words new since the last one, and clients append them. PocketSphinx's
/// hypothesis may still change its last word, so that word is held back until another follows;
/// a hypothesis that changed words already sent adds nothing until it agrees again or ends.
///
/// A piece that continues text already sent starts with a space, so the pieces concatenated read
/// as the transcript.
struct TranscriptDeltas {
    private var sent: [Substring] = []

    /// The settled words `hypothesis` adds to what was sent; nil when it adds none.
    mutating func advance(to hypothesis: String) -> String? {
        let words = hypothesis.split(separator: " ")
        guard words.count - 1 > sent.count, words.starts(with: sent) else { return nil }
        let new = words[sent.count..<words.count - 1]
        defer { sent += new }
        return (sent.isEmpty ? "" : " ") + new.joined(separator: " ")
    }

    /// What the utterance's final `transcript` adds to what was sent — its words after the
    /// longest prefix already sent — and a fresh start for the next utterance.
    mutating func finish(with transcript: String) -> String {
        let words = transcript.split(separator: " ")
        let common = zip(sent, words).prefix { $0 == $1 }.count
        let rest = words[common...]
        defer { sent = [] }
        return (sent.isEmpty || rest.isEmpty ? "" : " ") + rest.joined(separator: " ")
    }

    /// Whether any piece of this utterance was sent.
    var hasSent: Bool { !sent.isEmpty }
}
