import Foundation
import Monitoring

/// The audit file's records set beside the store's copies of them, to find what either lacks.
///
/// Contract: a copy and a file record are the same record when their hashes are equal, or
/// when they are of the same run and kind and say the same apart from `seq`, `prev_hash` and
/// `hash` (a record the file could not take at first is chained again when it is written
/// later, after whatever was appended meanwhile). A copy that matches no file record means
/// the file lacks a record: its end was cut, a record was removed or rewritten, or it could
/// never be written. A file record with no copy is one the store could not take at the time
/// (`StoreWriter.reconcile` copies those).
public struct AuditCrossCheck: Hashable, Sendable {
    /// File records the store has a copy of.
    public var matching: Int
    /// Copies with no record in the file, oldest first.
    public var missingFromFile: [AuditEntry]
    /// File records with no copy in the store, in file order.
    public var missingFromStore: [AuditEntry]

    /// Compares `file` (the audit file's records, in file order) with `store` (the copies).
    public init(file: [AuditEntry], store: [AuditEntry]) {
        let fileHashes = Set(file.map(\.hash))
        let storeHashes = Set(store.map(\.hash))
        let fileByIdentity = Dictionary(grouping: file.filter { !storeHashes.contains($0.hash) }, by: Identity.init)
        var rechained = Set<String>()
        var missingFromFile: [AuditEntry] = []
        for copy in store where !fileHashes.contains(copy.hash) {
            let content = AuditCrossCheck.content(of: copy.line)
            if let same = fileByIdentity[Identity(copy)]?.first(where: { content != nil && AuditCrossCheck.content(of: $0.line) == content }) {
                rechained.insert(same.hash)
            } else {
                missingFromFile.append(copy)
            }
        }
        let missingFromStore = file.filter { !storeHashes.contains($0.hash) && !rechained.contains($0.hash) }
        self.matching = file.count - missingFromStore.count
        self.missingFromFile = missingFromFile.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }
        self.missingFromStore = missingFromStore
    }

    /// A record's run and kind.
    private struct Identity: Hashable {
        var runID: UUID
        var kind: String
        init(_ entry: AuditEntry) {
            runID = entry.runID
            kind = entry.kind
        }
    }

    /// What a record says, without its place in the chain.
    private static func content(of line: String) -> JSONValue? {
        guard case .object(var fields)? = try? JSONValue.parse(line) else { return nil }
        for key in ["seq", "prev_hash", "hash"] { fields[key] = nil }
        return .object(fields)
    }
}
