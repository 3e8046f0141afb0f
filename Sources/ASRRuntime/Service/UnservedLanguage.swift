/// A request in a language no configured engine serves (only when `ASR_ENGINE_ROUTES` is set:
/// with one engine every request goes to it).
package struct UnservedLanguage: Error, Sendable, Equatable, CustomStringConvertible {
    package let language: String
    /// The languages routes name, sorted.
    package let served: [String]

    /// What clients match on, over HTTP and on a device stream alike.
    package var code: String { "unsupported_language" }

    package var description: String {
        "language \"\(language)\" is not served here; this runtime serves \(served.joined(separator: ", ")) (ASR_ENGINE_ROUTES)"
    }
}
