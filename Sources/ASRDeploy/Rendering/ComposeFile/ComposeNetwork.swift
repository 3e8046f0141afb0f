/// A Compose network with its driver options (the MTU).
struct ComposeNetwork: Encodable, Equatable {
    var driver: String
    var driverOpts: [String: String]?

    enum CodingKeys: String, CodingKey {
        case driver
        case driverOpts = "driver_opts"
    }
}
