import Foundation

extension ImageRecipe {
    /// The ASR runtime image the rendered Compose file runs (`container.image`): `asrctl` at
    /// /usr/local/bin with its shared libraries (Swift runtime, PocketSphinx, hiredis, Opus),
    /// the PocketSphinx model at `ASR_MODEL_DIR`, and the program the rendered health check
    /// runs (`curl` by default). Its default command is the Compose service's: `asrctl serve`,
    /// configured by the `ASR_*` environment Compose passes.
    ///
    /// - Parameters:
    ///   - configuration: the effective configuration (image tag, model directory, health check).
    ///     The image listens on `ComposeRenderer.containerPort` whatever `ASR_PORT` is: Compose
    ///     publishes it on `ASR_PORT`.
    ///   - binary: the `asrctl` executable to ship, normally the running one.
    ///   - tag: the tag to build; default `container.image`.
    public static func runtime(configuration: EffectiveConfiguration, binary: URL, tag: String? = nil) throws -> ImageRecipe {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw ImageBuildError.fileMissing(path: binary.path, hint: "build asrctl first (make release) or pass --binary")
        }
        let modelDirectory = configuration.typed.runtime.modelDirectory
        guard HostProbe.modelPresent(in: modelDirectory) else {
            throw ImageBuildError.fileMissing(
                path: modelDirectory,
                hint:
                    "the PocketSphinx model (\(HostProbe.requiredModelEntries.joined(separator: ", "))) is needed; Debian: apt-get install pocketsphinx-en-us"
            )
        }
        var files = [
            ImageFile(source: binary, destination: "/usr/local/bin/asrctl", needsLibraries: true),
            ImageFile(source: URL(fileURLWithPath: modelDirectory), destination: modelDirectory),
        ]
        files += try healthcheckPrograms(configuration.typed.container.healthcheckTest)
        let port = ComposeRenderer.containerPort
        return ImageRecipe(
            tag: tag ?? configuration.typed.container.image,
            files: files,
            command: ["asrctl", "serve"],
            environment: ["ASR_MODEL_DIR": modelDirectory, "ASR_HOST": "0.0.0.0", "ASR_PORT": String(port)],
            exposedPorts: [port]
        )
    }

    /// What the Compose health check needs in the image: for `["CMD", program, …]` that program
    /// (unless it is asrctl itself), for `["CMD-SHELL", …]` /bin/sh (the commands the shell line
    /// runs must be in the image too), for `NONE` or no test nothing.
    static func healthcheckPrograms(_ test: [String]) throws -> [ImageFile] {
        guard let kind = test.first, test.count >= 2 else { return [] }
        switch kind {
        case "CMD":
            let program = test[1]
            let name = URL(fileURLWithPath: program).lastPathComponent
            if name == "asrctl" { return [] }
            guard program.contains("/") else { return [try ImageFile.program(program, package: program)] }
            guard let found = ExternalProgram.locate(program) else {
                throw ImageBuildError.fileMissing(
                    path: program,
                    hint:
                        "the rendered health check (container.healthcheck_test) runs it, so the image must carry it; install it or change the health check"
                )
            }
            return [ImageFile(source: found, destination: program, needsLibraries: true)]
        case "CMD-SHELL":
            guard let shell = ExternalProgram.locate("/bin/sh") else { return [] }
            return [ImageFile(source: shell, destination: "/bin/sh", needsLibraries: true)]
        default:
            return []
        }
    }
}
