import Foundation
import SafeText
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Who runs steps, from where: what every audit record says about the person at the console.
public struct AuditOperator: Hashable, Sendable {
    /// The login name (`$USER`).
    public var name: String
    /// The client address of the SSH connection the console runs in, if any.
    public var sshClient: String?
    public var host: String
    /// The terminal device, or `$TERM` when there is none.
    public var terminal: String

    public init(name: String, sshClient: String? = nil, host: String, terminal: String) {
        self.name = name
        self.sshClient = sshClient
        self.host = host
        self.terminal = terminal
    }

    /// The operator as `environment` describes them — the one rule for who the operator is,
    /// on screen, in acknowledgements and in the audit trail: `USER`, else `LOGNAME`, else the
    /// account's name in the password database, else `uid N`; the first word of
    /// `SSH_CONNECTION` (or `SSH_CLIENT`); `tty` or else `TERM`. Every value is made safe to show.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment, host: String = hostName(), tty: String? = terminalDevice(),
                               account: String? = accountName()) -> AuditOperator {
        func clean(_ s: String?) -> String? {
            s.map { SafeText.sanitize($0).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let name = clean(environment["USER"]) ?? clean(environment["LOGNAME"]) ?? clean(account) ?? "uid \(getuid())"
        let connection = clean(environment["SSH_CONNECTION"]) ?? clean(environment["SSH_CLIENT"])
        let client = connection.flatMap { $0.split(separator: " ").first.map(String.init) }
        let terminal = clean(tty) ?? clean(environment["TERM"]) ?? "none"
        return AuditOperator(name: name, sshClient: client, host: clean(host) ?? "unknown", terminal: terminal)
    }

    /// The name of the account this process runs as, from the password database.
    public static func accountName() -> String? {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }

    /// This machine's name.
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The terminal on standard input (`/dev/pts/3`), if it is one.
    public static func terminalDevice() -> String? {
        ttyname(0).map { String(cString: $0) }
    }
}
