import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Turns the errors networking libraries throw into the short reasons operators read.
public enum NetworkFailure {
    /// A reason such as "connect refused", "connection reset", "cannot resolve host 'x'",
    /// or "timed out after 10.0 s".
    public static func reason(for error: Error, timeout: Seconds, host: String? = nil) -> String {
        if isTimeout(error) { return "timed out after \(timeout.oneDecimal)" }
        if let errno = errnoCode(error) {
            switch errno {
            case ECONNREFUSED: return "connect refused"
            case ECONNRESET: return "connection reset by peer"
            case EHOSTUNREACH: return "host unreachable"
            case ENETUNREACH: return "network unreachable"
            case EPIPE: return "connection closed while sending"
            case ETIMEDOUT: return "timed out after \(timeout.oneDecimal)"
            default: return "network error: \(String(cString: strerror(errno)).lowercased())"
            }
        }
        if let c = error as? NIOConnectionError {
            if c.dnsAError != nil && c.dnsAAAAError != nil { return "cannot resolve host" + (host.map { " '\($0)'" } ?? "") }
            if let first = c.connectionErrors.first { return reason(for: first.error, timeout: timeout, host: host) }
        }
        if let p = error as? HTTPParserError { return "invalid HTTP response: \(p)" }
        if error is SocketAddressError { return "cannot resolve host" + (host.map { " '\($0)'" } ?? "") }
        if let h = error as? HTTPClientError {
            switch h {
            case .remoteConnectionClosed: return "connection closed before a response"
            case .invalidURL, .emptyHost, .emptyScheme: return "invalid URL"
            case .redirectLimitReached: return "too many redirects"
            case .redirectCycleDetected: return "redirect loop"
            case .cancelled: return "cancelled"
            default: return "HTTP client error: \(h.shortDescription)"
            }
        }
        if let c = error as? ChannelError {
            switch c {
            case .connectTimeout: return "timed out after \(timeout.oneDecimal)"
            case .eof, .outputClosed, .inputClosed, .ioOnClosedChannel, .alreadyClosed: return "connection closed before a response"
            default: return "connection error: \(c)"
            }
        }
        let text = String(describing: error)
        if text.localizedCaseInsensitiveContains("ssl") || text.localizedCaseInsensitiveContains("tls") || text.localizedCaseInsensitiveContains("certificate") {
            return "TLS error: \(text)"
        }
        return text
    }

    static func isTimeout(_ error: Error) -> Bool {
        if let h = error as? HTTPClientError {
            return h == .deadlineExceeded || h == .readTimeout || h == .connectTimeout || h == .writeTimeout
                || h == .tlsHandshakeTimeout || h == .getConnectionFromPoolTimeout
        }
        if let c = error as? ChannelError, case .connectTimeout = c { return true }
        if error is CancellationError { return true }
        return false
    }

    /// Whether `error` says the peer closed the connection before the message was complete.
    static func isEarlyClose(_ error: Error) -> Bool {
        if let h = error as? HTTPClientError, h == .remoteConnectionClosed { return true }
        if let c = error as? ChannelError {
            switch c {
            case .eof, .inputClosed, .ioOnClosedChannel, .alreadyClosed: return true
            default: return false
            }
        }
        if let p = error as? HTTPParserError, case .invalidEOFState = p { return true }
        return false
    }

    static func errnoCode(_ error: Error) -> Int32? {
        if let io = error as? IOError { return io.errnoCode }
        if let c = error as? NIOConnectionError, c.dnsAError == nil || c.dnsAAAAError == nil {
            for attempt in c.connectionErrors {
                if let code = errnoCode(attempt.error) { return code }
            }
        }
        return nil
    }
}
