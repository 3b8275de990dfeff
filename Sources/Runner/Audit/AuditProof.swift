import Foundation

/// What `warroom audit verify` can prove of an audit log, beyond its chain: that its end was
/// not cut (the sealed head), and that the output files are still what the records say.
///
/// Contract: `problems` lists, a sentence each, everything found wrong; `unproven` what could
/// not be checked (no key to check seals or the head with, output files gone). A log is
/// proven when both are empty.
public struct AuditProof: Sendable {
    public var chain: AuditChain
    public var problems: [String]
    public var unproven: [String]

    public var isProven: Bool { problems.isEmpty && unproven.isEmpty && chain.verification.isIntact }
}

extension AuditVerification {
    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }
}

extension AuditLog {
    /// Checks the chain, then the head and the output files of the records it vouches for.
    public func prove() throws(AuditError) -> AuditProof {
        let chain = try chain()
        var problems: [String] = []
        var unproven: [String] = []
        if case .broken(_, let reason) = chain.verification { problems.append(reason) }
        let last = chain.intact.last
        if let seal {
            switch seal.head(of: path) {
            case .none:
                if last != nil { unproven.append("no sealed head for this log in \(seal.headFile(for: path)): that its end was not cut cannot be shown") }
            case .forged:
                problems.append("the sealed head \(seal.headFile(for: path)) was edited: its seal does not hold")
            case .head(let head):
                let lines = chain.intact.count + chain.unverifiedLines
                if head.seq > lines {
                    problems.append("the log ends at record \(lines), but record \(head.seq) was written: its end was cut")
                } else if chain.verification.isIntact, head.seq <= chain.intact.count, chain.intact[head.seq - 1].hash != head.hash {
                    problems.append("record \(head.seq) is not the one that was written last (its hash differs from the sealed head)")
                }
            }
        } else {
            unproven.append("no audit key: the seals and the head were not checked (the key is \(AuditSeal.keyFile()))")
        }
        for record in chain.intact where record.kind == .finished {
            guard let path = record.outputPath, let sha = record.outputSHA256 else { continue }
            guard let digest = AuditLog.digest(ofFile: path) else {
                unproven.append("record \(record.seq): the output file \(path) is gone")
                continue
            }
            if digest.sha256 != sha || (record.outputBytes.map { $0 != digest.bytes } ?? false) {
                problems.append("record \(record.seq): the output file \(path) was changed after the run (\(digest.bytes) B now; its SHA-256 differs from the record's)")
            }
        }
        return AuditProof(chain: chain, problems: problems, unproven: unproven)
    }
}
