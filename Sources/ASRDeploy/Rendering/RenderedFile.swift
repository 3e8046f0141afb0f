/// A file produced by a renderer: its name in the output directory and its contents.
package struct RenderedFile: Sendable, Equatable {
    package let name: String
    package let contents: String
}
