import Foundation

/// Figures of the incident the tests hold the simulator to.
enum ReplayFigures {
    /// 2026-11-25T16:47:37.623Z: half a second after attempt 7 timed out in phase 3.
    static let replayStart = Date(timeIntervalSince1970: 1_795_625_257.623)
    static let databaseTimeoutError = "Database initialization timeout after 20.0s in staging environment"
    static let phaseNames = ["INIT", "DEPENDENCIES", "DATABASE", "CACHE", "SERVICES", "WEBSOCKET", "READY"]
    static let phaseTimeouts = [5.0, 10.0, 20.0, 10.0, 15.0, 10.0, 5.0]
}
