/// A file produced by a renderer: its name in the output directory and its contents.
public struct RenderedFile: Sendable, Equatable {
    public let name: String
    public let contents: String
}
