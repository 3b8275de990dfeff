/// Where a startup phase stands, in the words of the Warroom startup schema.
enum PhaseStatus: String, Sendable {
    case pending
    case running
    case ok
    case failed
    case timeout
    case skipped
}
