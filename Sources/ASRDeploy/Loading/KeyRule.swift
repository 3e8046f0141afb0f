import Yams

/// What a key in a configuration file means to `asrctl`.
indirect enum KeyRule: Sendable {
    /// A leaf that sets the setting with this id.
    case setting(String)
    /// A mapping whose keys have their own rules; `other` applies to keys not listed.
    case section([String: KeyRule], other: KeyRule? = nil)
    /// Read, but nothing in this runtime can honour it: every leaf below is reported, with why.
    case noEffect(String)
    /// A whole block that is read once and ignored, with why (reported at its key only).
    case ignored(String)
    /// Environment variables as a mapping (`K: V`) or a Compose list (`- K=V`).
    case environment
    /// Accepted silently: descriptive metadata such as a preset's description.
    case metadata
    /// Anything else: handled by code.
    case custom(@Sendable (inout DocumentWalker, Node, [String]) -> Void)
}
