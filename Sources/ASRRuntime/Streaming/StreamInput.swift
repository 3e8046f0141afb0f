import ASRContracts

/// What a device session hands its recognizer, in arrival order.
package enum StreamInput: Sendable {
    /// Decoded 16 kHz mono samples of one or more Opus packets.
    case audio([Int16])
    /// `listen start`: a new utterance (manual) or endpointed listening (auto/realtime) begins.
    case start(ListenMode)
    /// `listen stop`: the device stopped listening; a manual utterance ends here.
    case stop
    /// `listen detect`: the device heard its wake word; what was heard so far is dropped.
    case detect
}
