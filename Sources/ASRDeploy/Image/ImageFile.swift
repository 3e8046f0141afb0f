import Foundation

/// One file of an image's root filesystem: a file of this host (symlinks followed) and where it
/// goes in the image.
package struct ImageFile: Sendable, Equatable {
    /// The file on this host.
    package var source: URL
    /// Its absolute path in the image.
    package var destination: String
    /// Whether its shared libraries must be in the image too (an executable), as `ldd` says.
    package var needsLibraries: Bool

    package init(source: URL, destination: String, needsLibraries: Bool = false) {
        self.source = source
        self.destination = destination
        self.needsLibraries = needsLibraries
    }

    /// An executable found on this host's PATH, at the same path in the image's /usr/bin.
    /// - Throws: `ImageBuildError.fileMissing` naming the Debian package that provides it.
    package static func program(_ name: String, package: String) throws -> ImageFile {
        guard let found = ExternalProgram.locate(name) else {
            throw ImageBuildError.fileMissing(path: name, hint: "install it (Debian: apt-get install \(package); `make setup` does)")
        }
        return ImageFile(source: found, destination: "/usr/bin/\(name)", needsLibraries: true)
    }
}
