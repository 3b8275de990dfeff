import Hummingbird

extension Response {
    /// A response whose body is `body` as JSON (`application/json; charset=utf-8`).
    static func json(_ body: JSON, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.rendered))
        )
    }

    /// A JSON error body `{"detail": …}`.
    static func detail(_ detail: String, status: HTTPResponse.Status) -> Response {
        .json(["detail": .string(detail)], status: status)
    }
}
