/// A top-level named volume, declared with Docker's defaults (encoded as `{}`).
struct ComposeNamedVolume: Encodable, Equatable {}
