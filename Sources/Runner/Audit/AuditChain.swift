/// The audit log read as a chain: the records it vouches for, and what stopped it.
public struct AuditChain: Hashable, Sendable {
    /// The records before the first line that fails `AuditLog.verify`'s check (all of them when
    /// none fails), oldest first.
    public var intact: [AuditRecord]
    /// What `AuditLog.verify` says of the whole file.
    public var verification: AuditVerification
    /// How many lines, from the first failing one to the end, the chain does not vouch for.
    public var unverifiedLines: Int

    public init(intact: [AuditRecord], verification: AuditVerification, unverifiedLines: Int) {
        self.intact = intact
        self.verification = verification
        self.unverifiedLines = unverifiedLines
    }
}
