/// Produces the files of a render target from an effective configuration.
public enum Renderer {
    package static func render(_ target: RenderTarget, _ config: EffectiveConfiguration) throws -> [RenderedFile] {
        switch target {
        case .compose:
            return [RenderedFile(name: RenderTarget.fileNames[.compose]!, contents: try ComposeRenderer.render(config))]
        case .redis:
            let line = RedisCommandLine(redis: config.typed.redis).shellLine
            return [RenderedFile(name: RenderTarget.fileNames[.redis]!, contents: line + "\n")]
        case .env:
            return [RenderedFile(name: RenderTarget.fileNames[.env]!, contents: EnvFileRenderer.render(config))]
        case .all:
            return try [RenderTarget.compose, .redis, .env].flatMap { try render($0, config) }
        }
    }
}
