import Crypto
import Foundation
import Monitoring
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What makes an audit record Warroom's own: a secret key kept apart from the audit log, which
/// seals every record (an HMAC of its hash) and the log's last record (the head), so that a
/// record, a chain or a cut end made by someone who can write the log but not read the key
/// does not pass `warroom audit verify`.
///
/// Contract:
/// - The key is `WARROOM_AUDIT_KEY_FILE`, else `$XDG_CONFIG_HOME/warroom/audit.key`
///   (`~/.config/warroom/audit.key`): 32 random bytes, made on first use, readable by its owner
///   only, in the configuration folder rather than the state folder that holds the store and
///   the log. A key file that others may read, or that is not 32 bytes, is refused.
/// - `seal(hash)` is the HMAC-SHA256, in lowercase hex, of `warroom-audit-v1:` and the hash.
/// - The head of a log (its last record's `seq` and `hash`, sealed) is kept beside the key, in
///   `heads/`, one file per log, replaced whole at every append; it shows when records were
///   cut from the log's end, which no chain can.
/// - What the seal cannot show: a person who can read the key (the account that runs Warroom,
///   or root) can write records that pass; a head file deleted with the log's end leaves
///   `verify` saying it cannot prove the end.
public struct AuditSeal: Sendable {
    private let key: SymmetricKey
    /// Where the key is; heads are in `heads/` beside it.
    public let keyFile: String

    public static let keyBytes = 32

    /// The key file for `environment`.
    public static func keyFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["WARROOM_AUDIT_KEY_FILE"], !explicit.isEmpty { return explicit }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? PathText.join(environment["HOME"] ?? NSHomeDirectory(), ".config")
        return PathText.join(PathText.join(config, "warroom"), "audit.key")
    }

    /// The seal of `keyFile`, made (with the key) when the file does not exist and `create` is set.
    public static func open(keyFile: String = AuditSeal.keyFile(), create: Bool = true) throws(AuditError) -> AuditSeal {
        func refuse(_ reason: String) -> AuditError { AuditError(path: keyFile, reason: reason) }
        var info = stat()
        if stat(keyFile, &info) != 0 {
            guard errno == ENOENT, create else { throw refuse("cannot read the audit key: \(String(cString: strerror(errno)))") }
            try make(keyFile)
            guard stat(keyFile, &info) == 0 else { throw refuse("cannot read the audit key it made: \(String(cString: strerror(errno)))") }
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw refuse("the audit key is not a regular file") }
        guard info.st_mode & 0o077 == 0 else {
            throw refuse("the audit key may be read by others (mode \(String(info.st_mode & 0o777, radix: 8))); make it 600 (chmod 600) or remove it to have a new one made")
        }
        guard let data = FileManager.default.contents(atPath: keyFile) else { throw refuse("cannot read the audit key") }
        guard data.count == keyBytes else { throw refuse("the audit key holds \(data.count) bytes, not \(keyBytes)") }
        return AuditSeal(key: SymmetricKey(data: data), keyFile: keyFile)
    }

    /// Writes a new random key to `path`, owner-only, never over an existing file.
    private static func make(_ path: String) throws(AuditError) {
        let folder = PathText.folder(of: path)
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
        let fd = createExclusively(path)
        guard fd >= 0 else {
            if errno == EEXIST { return }
            throw AuditError(path: path, reason: "cannot make the audit key: \(String(cString: strerror(errno))); name another place with WARROOM_AUDIT_KEY_FILE")
        }
        defer { close(fd) }
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count, fsync(fd) == 0 else {
            unlink(path)
            throw AuditError(path: path, reason: "cannot write the audit key: \(String(cString: strerror(errno)))")
        }
    }

    /// A seal for tests and for keys held elsewhere.
    public init(key: SymmetricKey, keyFile: String) {
        self.key = key
        self.keyFile = keyFile
    }

    /// The seal of a record with `hash`.
    public func seal(_ hash: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data("warroom-audit-v1:\(hash)".utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `seal` is this key's seal of `hash`, compared in constant time.
    public func holds(_ seal: String, for hash: String) -> Bool {
        let expected = Array(self.seal(hash).utf8), given = Array(seal.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    // MARK: Heads

    /// The last record a log was known to end with.
    public struct Head: Hashable, Sendable {
        public var seq: Int
        public var hash: String
    }

    /// What the head file of `log` says: nil when there is none; a head whose seal fails is
    /// reported as `.forged`.
    public enum HeadReading: Hashable, Sendable {
        case none
        case head(Head)
        case forged
    }

    /// The log's path as heads name it: absolute.
    static func absolute(_ log: String) -> String {
        log.hasPrefix("/") ? log : PathText.join(FileManager.default.currentDirectoryPath, log)
    }

    /// The head file of the log at `log` (by its absolute path).
    public func headFile(for log: String) -> String {
        let name = SHA256.hash(data: Data(AuditSeal.absolute(log).utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
        return PathText.join(PathText.join(PathText.folder(of: keyFile), "heads"), "\(name).head")
    }

    /// Replaces the head of `log` with `head` (best effort: a head that cannot be written
    /// only lags, which `verify` never takes for a cut).
    public func record(_ head: Head, of log: String) {
        let path = headFile(for: log)
        try? FileManager.default.createDirectory(atPath: PathText.folder(of: path), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let text = "\(head.seq) \(head.hash) \(seal("head:\(AuditSeal.absolute(log)):\(head.seq):\(head.hash)"))\n"
        let temporary = path + ".\(getpid()).\(UUID().uuidString.prefix(8)).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    /// The head of `log`, as its file says.
    public func head(of log: String) -> HeadReading {
        guard let data = FileManager.default.contents(atPath: headFile(for: log)) else { return .none }
        let parts = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        guard parts.count == 3, let seq = Int(parts[0]), holds(parts[2], for: "head:\(AuditSeal.absolute(log)):\(seq):\(parts[1])") else { return .forged }
        return .head(Head(seq: seq, hash: parts[1]))
    }
}

/// `open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)`.
private func createExclusively(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
}
