import Hummingbird
import NIOCore

/// The request context of the simulated staging's HTTP routes: Hummingbird's basics plus the
/// connection, which the faults need (to reset or close it mid-answer).
struct StagingRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
