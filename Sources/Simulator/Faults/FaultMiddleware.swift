import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers requests on a faulted path with the fault instead of the route.
///
/// Contract: requests on paths without a fault, and WebSocket faults, pass through untouched.
/// Held requests (`hang`, `trickle`) end when the fault is cleared or the server stops.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = StagingRequestContext
    let faults: FaultTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let fault = faults.fault(on: request.uri.path),
              let response = try await answer(fault, path: request.uri.path, channel: context.channel) else {
            return try await next(request, context)
        }
        return response
    }

    /// The faulty answer; nil for a WebSocket fault, which the socket's route plays itself.
    private func answer(_ fault: Fault, path: String, channel: any Channel) async throws -> Response? {
        let faults = self.faults
        switch fault {
        case .hang:
            while faults.holds(fault, on: path) {
                try await Task.sleep(for: .milliseconds(100))
            }
            try await channel.close()
            throw FaultEnded()
        case .trickle:
            let body = FaultBodies.announced
            return Response(status: .ok, headers: [.contentType: "application/json", .contentLength: "\(body.count)"],
                            body: ResponseBody { writer in
                                for byte in body {
                                    guard faults.holds(fault, on: path) else { break }
                                    try await writer.write(ByteBuffer(bytes: [byte]))
                                    try await Task.sleep(for: .seconds(1))
                                }
                                try await channel.close()
                                throw FaultEnded()
                            })
        case .reset:
            // SO_LINGER with a zero timeout makes close() send RST instead of FIN.
            if let socket = channel as? any SocketOptionProvider {
                try await socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
            }
            try await channel.close()
            throw FaultEnded()
        case .closeAfterHeaders:
            return Response(status: .ok, headers: [.contentType: "application/json", .contentLength: "\(Fault.announcedBytes)"],
                            body: ResponseBody { _ in
                                try await channel.close()
                                throw FaultEnded()
                            })
        case .hugeBody:
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(contentLength: Fault.hugeBodyBytes) { writer in
                                for chunk in FaultBodies.huge() { try await writer.write(chunk) }
                                try await writer.finish(nil)
                            })
        case .invalidUTF8:
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: FaultBodies.invalidUTF8)))
        case .deepJSON:
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: FaultBodies.deepJSON)))
        case .escapes:
            return Response(status: .serviceUnavailable, headers: [.contentType: "application/json", .retryAfter: "30"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: FaultBodies.escapeJSON)))
        case .escapeHeaders:
            var headers: HTTPFields = [.contentType: "application/json"]
            for (name, value) in FaultBodies.escapeHeaders {
                // Lenient: only CR, LF and NUL are replaced, so ESC and C1 bytes go out as they are.
                headers.append(HTTPField(name: HTTPField.Name(name)!, lenientValue: Array(value.utf8)))
            }
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"status":"healthy"}"#)))
        case .unhealthy200:
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: FaultBodies.unhealthyJSON)))
        case .hugeFrame:
            return nil
        }
    }
}

/// Ends a faulted answer on purpose: the connection is already closed or reset.
struct FaultEnded: Error {}
