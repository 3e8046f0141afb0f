import ASRDeploy
import ArgumentParser
import Foundation

/// `asrctl config`: the effective configuration, and with --explain where each value came from.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print every effective setting; --explain adds where each value came from."
    )

    @OptionGroup var options: ProfileOptions

    @Flag(help: "Show the source of each value (default, profile file:line:column, preset, --values, --set) and what it does.")
    var explain = false

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let config = try options.load()
        if json {
            let rows = config.entries.map { entry in
                [
                    "setting": entry.setting.id,
                    "value": entry.value?.description ?? "",
                    "source": entry.source.description,
                    "default": entry.setting.defaultValue?.description ?? "",
                    "doc": entry.setting.doc,
                ]
            }
            let payload: [String: Any] = ["preset": config.presetName ?? NSNull(), "settings": rows]
            let data = try JSONSerialization.data(withJSONObject: payload, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("preset: \(config.presetName ?? "none")")
        let width = config.entries.map(\.setting.id.count).max() ?? 0
        for entry in config.entries {
            let name = entry.setting.id.padding(toLength: width, withPad: " ", startingAt: 0)
            var value = entry.value?.description ?? "(unset)"
            if let unit = entry.setting.unit, entry.value != nil { value += " \(unit)" }
            if explain {
                print("\(name)  \(value.padding(toLength: max(14, value.count), withPad: " ", startingAt: 0))  ← \(entry.source)")
                print("\(String(repeating: " ", count: width))  \(entry.setting.doc)")
            } else {
                print("\(name)  \(value)")
            }
        }
    }
}
