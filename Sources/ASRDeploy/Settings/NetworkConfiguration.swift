import ASRContracts

/// The Compose network the ASR and Redis containers share (`network.*`).
package struct NetworkConfiguration: Sendable, Equatable {
    package var driver: String
    package var mtu: Int

    init(reading settings: SettingReader) {
        driver = settings.text("network.driver")
        mtu = settings.integer("network.mtu")
    }
}
