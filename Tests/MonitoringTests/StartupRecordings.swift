/// Recordings of the simulated staging's backend log (`warroom sim --scenario outage`), copied
/// byte for byte from `backend.log` and `backend.jsonl`: startup attempts 6 and 7, each timing
/// out in phase 3 DATABASE and restarting, then the beginning of attempt 8.
enum StartupRecordings {
    /// Plain text, attempts 6 and 7 up to "restarting (restart 7)".
    static let plainAttempts6And7 = #"""
    2026-11-25T16:46:53.123Z INFO backend-staging startup attempt 6 revision backend-staging-00042-xk2
    2026-11-25T16:46:53.123Z INFO Phase 1 INIT started (timeout 5.0s)
    2026-11-25T16:46:53.523Z INFO Phase 1 INIT completed in 0.4s
    2026-11-25T16:46:53.523Z INFO Phase 2 DEPENDENCIES started (timeout 10.0s)
    2026-11-25T16:46:54.123Z INFO Phase 2 DEPENDENCIES completed in 0.6s
    2026-11-25T16:46:54.123Z INFO Phase 3 DATABASE started (timeout 20.0s)
    2026-11-25T16:46:54.133Z INFO Connecting to staging-shared-postgres via VPC connector staging-connector (pool size 10, max overflow 15)
    2026-11-25T16:46:56.623Z WARNING VPC connector staging-connector (10.1.0.0/28) at max instances; new connection queued while it scales (10-30s)
    2026-11-25T16:47:01.623Z WARNING Connection pool exhausted: 25/25 connections checked out (size 10, overflow 15); waiting up to 90.0s
    2026-11-25T16:47:06.623Z ERROR Connection to staging-shared-postgres timed out after 5.0s (retry 2/3)
    2026-11-25T16:47:11.623Z ERROR Connection to staging-shared-postgres timed out after 5.0s (retry 3/3)
    2026-11-25T16:47:14.123Z CRITICAL Phase 3 DATABASE failed: Database initialization timeout after 20.0s in staging environment
    2026-11-25T16:47:14.123Z CRITICAL Chat cannot work without DATABASE; deterministic startup refuses to start (no graceful degradation)
    2026-11-25T16:47:14.135Z ERROR Application startup failed. Exiting. exit code 3
    2026-11-25T16:47:14.373Z WARNING Container exited with code 3; restarting (restart 6)
    2026-11-25T16:47:16.123Z INFO backend-staging startup attempt 7 revision backend-staging-00042-xk2
    2026-11-25T16:47:16.123Z INFO Phase 1 INIT started (timeout 5.0s)
    2026-11-25T16:47:16.523Z INFO Phase 1 INIT completed in 0.4s
    2026-11-25T16:47:16.523Z INFO Phase 2 DEPENDENCIES started (timeout 10.0s)
    2026-11-25T16:47:17.123Z INFO Phase 2 DEPENDENCIES completed in 0.6s
    2026-11-25T16:47:17.123Z INFO Phase 3 DATABASE started (timeout 20.0s)
    2026-11-25T16:47:17.133Z INFO Connecting to staging-shared-postgres via VPC connector staging-connector (pool size 10, max overflow 15)
    2026-11-25T16:47:19.623Z WARNING VPC connector staging-connector (10.1.0.0/28) at max instances; new connection queued while it scales (10-30s)
    2026-11-25T16:47:24.623Z WARNING Connection pool exhausted: 25/25 connections checked out (size 10, overflow 15); waiting up to 90.0s
    2026-11-25T16:47:29.623Z ERROR Connection to staging-shared-postgres timed out after 5.0s (retry 2/3)
    2026-11-25T16:47:34.623Z ERROR Connection to staging-shared-postgres timed out after 5.0s (retry 3/3)
    2026-11-25T16:47:37.123Z CRITICAL Phase 3 DATABASE failed: Database initialization timeout after 20.0s in staging environment
    2026-11-25T16:47:37.123Z CRITICAL Chat cannot work without DATABASE; deterministic startup refuses to start (no graceful degradation)
    2026-11-25T16:47:37.135Z ERROR Application startup failed. Exiting. exit code 3
    2026-11-25T16:47:37.373Z WARNING Container exited with code 3; restarting (restart 7)
    """#

    /// Plain text, attempt 8 up to phase 3 DATABASE running.
    static let plainAttempt8 = #"""
    2026-11-25T16:47:39.123Z INFO backend-staging startup attempt 8 revision backend-staging-00042-xk2
    2026-11-25T16:47:39.123Z INFO Phase 1 INIT started (timeout 5.0s)
    2026-11-25T16:47:39.523Z INFO Phase 1 INIT completed in 0.4s
    2026-11-25T16:47:39.523Z INFO Phase 2 DEPENDENCIES started (timeout 10.0s)
    2026-11-25T16:47:40.123Z INFO Phase 2 DEPENDENCIES completed in 0.6s
    2026-11-25T16:47:40.123Z INFO Phase 3 DATABASE started (timeout 20.0s)
    2026-11-25T16:47:40.133Z INFO Connecting to staging-shared-postgres via VPC connector staging-connector (pool size 10, max overflow 15)
    """#

    /// JSON lines, attempts 6 and 7 up to "restarting (restart 7)".
    static let jsonAttempts6And7 = #"""
    {"ts":"2026-11-25T16:46:53.123Z","level":"INFO","message":"backend-staging startup attempt 6 revision backend-staging-00042-xk2","phase":null,"phase_index":null,"event":"attempt_started","attempt":6}
    {"ts":"2026-11-25T16:46:53.123Z","level":"INFO","message":"Phase 1 INIT started (timeout 5.0s)","phase":"INIT","phase_index":1,"event":"phase_started","attempt":6}
    {"ts":"2026-11-25T16:46:53.523Z","level":"INFO","message":"Phase 1 INIT completed in 0.4s","phase":"INIT","phase_index":1,"event":"phase_completed","attempt":6}
    {"ts":"2026-11-25T16:46:53.523Z","level":"INFO","message":"Phase 2 DEPENDENCIES started (timeout 10.0s)","phase":"DEPENDENCIES","phase_index":2,"event":"phase_started","attempt":6}
    {"ts":"2026-11-25T16:46:54.123Z","level":"INFO","message":"Phase 2 DEPENDENCIES completed in 0.6s","phase":"DEPENDENCIES","phase_index":2,"event":"phase_completed","attempt":6}
    {"ts":"2026-11-25T16:46:54.123Z","level":"INFO","message":"Phase 3 DATABASE started (timeout 20.0s)","phase":"DATABASE","phase_index":3,"event":"phase_started","attempt":6}
    {"ts":"2026-11-25T16:46:54.133Z","level":"INFO","message":"Connecting to staging-shared-postgres via VPC connector staging-connector (pool size 10, max overflow 15)","phase":"DATABASE","phase_index":3,"event":null,"attempt":6}
    {"ts":"2026-11-25T16:46:56.623Z","level":"WARNING","message":"VPC connector staging-connector (10.1.0.0/28) at max instances; new connection queued while it scales (10-30s)","phase":"DATABASE","phase_index":3,"event":null,"attempt":6}
    {"ts":"2026-11-25T16:47:01.623Z","level":"WARNING","message":"Connection pool exhausted: 25/25 connections checked out (size 10, overflow 15); waiting up to 90.0s","phase":"DATABASE","phase_index":3,"event":null,"attempt":6}
    {"ts":"2026-11-25T16:47:06.623Z","level":"ERROR","message":"Connection to staging-shared-postgres timed out after 5.0s (retry 2/3)","phase":"DATABASE","phase_index":3,"event":null,"attempt":6}
    {"ts":"2026-11-25T16:47:11.623Z","level":"ERROR","message":"Connection to staging-shared-postgres timed out after 5.0s (retry 3/3)","phase":"DATABASE","phase_index":3,"event":null,"attempt":6}
    {"ts":"2026-11-25T16:47:14.123Z","level":"CRITICAL","message":"Phase 3 DATABASE failed: Database initialization timeout after 20.0s in staging environment","phase":"DATABASE","phase_index":3,"event":"phase_failed","attempt":6}
    {"ts":"2026-11-25T16:47:14.123Z","level":"CRITICAL","message":"Chat cannot work without DATABASE; deterministic startup refuses to start (no graceful degradation)","phase":"DATABASE","phase_index":3,"event":null,"attempt":6}
    {"ts":"2026-11-25T16:47:14.135Z","level":"ERROR","message":"Application startup failed. Exiting. exit code 3","phase":null,"phase_index":null,"event":"process_exited","attempt":6}
    {"ts":"2026-11-25T16:47:14.373Z","level":"WARNING","message":"Container exited with code 3; restarting (restart 6)","phase":null,"phase_index":null,"event":"container_restarted","attempt":6}
    {"ts":"2026-11-25T16:47:16.123Z","level":"INFO","message":"backend-staging startup attempt 7 revision backend-staging-00042-xk2","phase":null,"phase_index":null,"event":"attempt_started","attempt":7}
    {"ts":"2026-11-25T16:47:16.123Z","level":"INFO","message":"Phase 1 INIT started (timeout 5.0s)","phase":"INIT","phase_index":1,"event":"phase_started","attempt":7}
    {"ts":"2026-11-25T16:47:16.523Z","level":"INFO","message":"Phase 1 INIT completed in 0.4s","phase":"INIT","phase_index":1,"event":"phase_completed","attempt":7}
    {"ts":"2026-11-25T16:47:16.523Z","level":"INFO","message":"Phase 2 DEPENDENCIES started (timeout 10.0s)","phase":"DEPENDENCIES","phase_index":2,"event":"phase_started","attempt":7}
    {"ts":"2026-11-25T16:47:17.123Z","level":"INFO","message":"Phase 2 DEPENDENCIES completed in 0.6s","phase":"DEPENDENCIES","phase_index":2,"event":"phase_completed","attempt":7}
    {"ts":"2026-11-25T16:47:17.123Z","level":"INFO","message":"Phase 3 DATABASE started (timeout 20.0s)","phase":"DATABASE","phase_index":3,"event":"phase_started","attempt":7}
    {"ts":"2026-11-25T16:47:17.133Z","level":"INFO","message":"Connecting to staging-shared-postgres via VPC connector staging-connector (pool size 10, max overflow 15)","phase":"DATABASE","phase_index":3,"event":null,"attempt":7}
    {"ts":"2026-11-25T16:47:19.623Z","level":"WARNING","message":"VPC connector staging-connector (10.1.0.0/28) at max instances; new connection queued while it scales (10-30s)","phase":"DATABASE","phase_index":3,"event":null,"attempt":7}
    {"ts":"2026-11-25T16:47:24.623Z","level":"WARNING","message":"Connection pool exhausted: 25/25 connections checked out (size 10, overflow 15); waiting up to 90.0s","phase":"DATABASE","phase_index":3,"event":null,"attempt":7}
    {"ts":"2026-11-25T16:47:29.623Z","level":"ERROR","message":"Connection to staging-shared-postgres timed out after 5.0s (retry 2/3)","phase":"DATABASE","phase_index":3,"event":null,"attempt":7}
    {"ts":"2026-11-25T16:47:34.623Z","level":"ERROR","message":"Connection to staging-shared-postgres timed out after 5.0s (retry 3/3)","phase":"DATABASE","phase_index":3,"event":null,"attempt":7}
    {"ts":"2026-11-25T16:47:37.123Z","level":"CRITICAL","message":"Phase 3 DATABASE failed: Database initialization timeout after 20.0s in staging environment","phase":"DATABASE","phase_index":3,"event":"phase_failed","attempt":7}
    {"ts":"2026-11-25T16:47:37.123Z","level":"CRITICAL","message":"Chat cannot work without DATABASE; deterministic startup refuses to start (no graceful degradation)","phase":"DATABASE","phase_index":3,"event":null,"attempt":7}
    {"ts":"2026-11-25T16:47:37.135Z","level":"ERROR","message":"Application startup failed. Exiting. exit code 3","phase":null,"phase_index":null,"event":"process_exited","attempt":7}
    {"ts":"2026-11-25T16:47:37.373Z","level":"WARNING","message":"Container exited with code 3; restarting (restart 7)","phase":null,"phase_index":null,"event":"container_restarted","attempt":7}
    """#

    /// JSON lines, attempt 8 up to phase 3 DATABASE running.
    static let jsonAttempt8 = #"""
    {"ts":"2026-11-25T16:47:39.123Z","level":"INFO","message":"backend-staging startup attempt 8 revision backend-staging-00042-xk2","phase":null,"phase_index":null,"event":"attempt_started","attempt":8}
    {"ts":"2026-11-25T16:47:39.123Z","level":"INFO","message":"Phase 1 INIT started (timeout 5.0s)","phase":"INIT","phase_index":1,"event":"phase_started","attempt":8}
    {"ts":"2026-11-25T16:47:39.523Z","level":"INFO","message":"Phase 1 INIT completed in 0.4s","phase":"INIT","phase_index":1,"event":"phase_completed","attempt":8}
    {"ts":"2026-11-25T16:47:39.523Z","level":"INFO","message":"Phase 2 DEPENDENCIES started (timeout 10.0s)","phase":"DEPENDENCIES","phase_index":2,"event":"phase_started","attempt":8}
    {"ts":"2026-11-25T16:47:40.123Z","level":"INFO","message":"Phase 2 DEPENDENCIES completed in 0.6s","phase":"DEPENDENCIES","phase_index":2,"event":"phase_completed","attempt":8}
    {"ts":"2026-11-25T16:47:40.123Z","level":"INFO","message":"Phase 3 DATABASE started (timeout 20.0s)","phase":"DATABASE","phase_index":3,"event":"phase_started","attempt":8}
    {"ts":"2026-11-25T16:47:40.133Z","level":"INFO","message":"Connecting to staging-shared-postgres via VPC connector staging-connector (pool size 10, max overflow 15)","phase":"DATABASE","phase_index":3,"event":null,"attempt":8}
    """#

    /// The phases of the simulated backend, in order.
    static let phases = ["INIT", "DEPENDENCIES", "DATABASE", "CACHE", "SERVICES", "WEBSOCKET", "READY"]
}
