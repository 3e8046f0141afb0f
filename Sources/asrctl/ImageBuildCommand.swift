import ASRDeploy
import ArgumentParser
import Foundation

/// `asrctl image build [--tag T] [--redis-tag T] [--binary PATH] [--context DIR] [--json]`.
struct ImageBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the runtime image (container.image) from this asrctl binary, with no registry and no base image.",
        discussion: """
            The image holds asrctl at /usr/local/bin with every shared library ldd names (Swift runtime, \
            PocketSphinx, hiredis, Opus), the PocketSphinx model at ASR_MODEL_DIR, and the program the \
            rendered health check runs (curl); `docker import` applies CMD ["asrctl","serve"], ENV and EXPOSE. \
            It goes to the engine `docker` reaches (DOCKER_HOST too). --redis-tag also builds a Redis image from \
            this host's redis-server and redis-cli, for hosts that cannot pull redis.image; deploy with \
            --set redis.image=<that tag>. Rebuild after upgrading asrctl.
            Exit codes: 0 built, 2 invalid configuration, 3 a file, ldd, tar or docker failed.
            """
    )

    @OptionGroup var options: ProfileOptions

    @Option(help: "Tag of the runtime image (default: container.image, asrctl-runtime:latest).")
    var tag: String?

    @Option(name: .customLong("redis-tag"), help: "Also build a Redis image from this host's redis-server, with this tag.")
    var redisTag: String?

    @Option(help: "The asrctl executable to put in the image (default: this one).")
    var binary: String?

    @Option(help: "Assemble the root filesystem here and keep it (default: a temporary directory, removed).")
    var context: String?

    @Flag(help: "Print JSON (one report per image, as an array).")
    var json = false

    func run() throws {
        let config = try options.load()
        let executable = binary.map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var reports: [ImageBuildReport] = []
        do {
            var recipes = [try ImageRecipe.runtime(configuration: config, binary: executable, tag: tag)]
            if let redisTag { recipes.append(try ImageRecipe.redis(tag: redisTag)) }
            for (index, recipe) in recipes.enumerated() {
                let directory = context.map { URL(fileURLWithPath: $0).appendingPathComponent(index == 0 ? "runtime" : "redis") }
                let report = try ImageBuilder(contextDirectory: directory).build(recipe) { step in
                    StandardError.write("image \(recipe.tag): \(step)")
                }
                reports.append(report)
            }
        } catch let error as ImageBuildError {
            StandardError.write("image build: \(error)")
            throw ExitCode(ExitCodes.operationFailed)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
            return
        }
        for report in reports {
            print(
                "built \(report.tag) (\(report.imageID)): \(report.fileCount) files, \(report.rootFilesystemBytes >> 20) MB, \(report.libraries.count) shared libraries; CMD \(report.command.joined(separator: " "))"
            )
            if let context = report.context { print("  root filesystem kept in \(context)") }
        }
        if let redisTag, config.typed.redis.image != redisTag {
            print("deploy with --set redis.image=\(redisTag) (or set redis_container.image in the profile) to run this Redis image")
        }
    }
}
