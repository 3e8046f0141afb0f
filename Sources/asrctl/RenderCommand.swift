import ASRDeploy
import ArgumentParser
import Foundation

extension RenderTarget: ExpressibleByArgument {}

/// `asrctl render compose|redis|env|all [-o DIR]`.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render docker-compose.yml, the Redis command line and the ASR env file from the profiles.",
        discussion: "Applies the active preset (asrctl tune). A rendered file you edited by hand is kept as NAME.bak.<time> before it is replaced."
    )

    @OptionGroup var options: ProfileOptions

    @Argument(help: "What to render: \(RenderTarget.allCases.map(\.rawValue).joined(separator: ", ")).")
    var target: RenderTarget = .all

    @Option(name: [.short, .customLong("output")], help: "Output directory (default ./deploy); '-' prints to standard output.")
    var output: String = "deploy"

    func run() throws {
        let config = try options.load()
        let files = try Renderer.render(target, config)
        if output == "-" {
            for file in files { print(file.contents, terminator: "") }
            return
        }
        let results = try RenderWriter.write(files, to: URL(fileURLWithPath: output), workspace: options.workspace)
        for (path, outcome) in results {
            switch outcome {
            case .created: print("created   \(path)")
            case .updated: print("updated   \(path)")
            case .unchanged: print("unchanged \(path)")
            case .updatedKeepingEdits(let backup): print("updated   \(path) (your edits kept in \(backup))")
            }
        }
    }
}
