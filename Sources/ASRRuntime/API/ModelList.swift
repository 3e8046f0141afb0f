/// `GET /v1/models` as OpenAI-compatible servers answer it.
struct ModelList: Encodable {
    struct Model: Encodable {
        var id: String
        var object = "model"
        var ownedBy = "asrctl"

        enum CodingKeys: String, CodingKey {
            case id, object
            case ownedBy = "owned_by"
        }
    }

    var object = "list"
    var data: [Model]
}
