import ASRDeploy
import ArgumentParser

@main
struct ASRCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asrctl",
        abstract: "Deploy, tune and operate the ASR part of a xiaozhi-esp32-server backend.",
        version: ASRDeploy.version,
        subcommands: [
            ConfigCommand.self,
            ValidateCommand.self,
            TuneCommand.self,
            RenderCommand.self,
            CheckHostCommand.self,
            BackupConfigCommand.self,
            RestoreCommand.self,
            ServeCommand.self,
            ImageCommand.self,
            DeployCommand.self,
            StatusCommand.self,
            StopCommand.self,
            TranscribeCommand.self,
            MonitorCommand.self,
            AnalyzeCommand.self,
            TestCommand.self,
            MaintainCommand.self,
            BenchCommand.self,
        ]
    )
}
