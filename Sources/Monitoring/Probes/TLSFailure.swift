import Foundation

/// Short reasons for TLS failures, such as `TLS handshake failed: certificate verify failed`,
/// instead of the TLS library's full error text.
enum TLSFailure {
    /// Nil when `error` does not come from the TLS library's handshake.
    static func reason(for error: any Error) -> String? {
        let text = String(describing: error)
        guard let r = text.range(of: "OPENSSL_internal:[A-Z0-9_]+", options: .regularExpression) else { return nil }
        let code = text[r].dropFirst("OPENSSL_internal:".count)
        return "TLS handshake failed: " + code.replacingOccurrences(of: "_", with: " ").lowercased()
    }
}
