import Foundation

/// One HTTP response as `BenchHTTPConnection` read it.
package struct HTTPReply: Sendable {
    package var status: Int
    /// Header names lower-cased.
    package var headers: [String: String]
    package var body: [UInt8]

    package init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text.
    package var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object, if it is one.
    package var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }
}
