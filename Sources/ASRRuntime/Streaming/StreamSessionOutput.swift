/// What a stream session tells its device. The API layer's device connection says it in the
/// xiaozhi protocol; the session knows nothing of the connection.
package protocol StreamSessionOutput: Sendable {
    /// An utterance's transcript (`stt`).
    func transcript(_ text: String) async
    /// A problem the stream survives, e.g. an utterance refused for want of a decoder.
    func warn(_ message: String, code: String) async
    /// A problem the stream does not survive: the device is told, and the connection closed.
    func fail(_ message: String, code: String) async
}
