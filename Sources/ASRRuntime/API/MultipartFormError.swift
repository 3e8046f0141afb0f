/// Why a `multipart/form-data` body could not be read, in words a client's developer can act on.
struct MultipartFormError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
