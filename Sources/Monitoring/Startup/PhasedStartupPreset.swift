/// `preset: phased-startup`: the rules for a startup orchestrator that logs numbered phases,
/// as the simulated staging's backend (and the FastAPI app it replays) writes them:
///
/// ```
/// … INFO backend-staging startup attempt 7 revision backend-staging-00042-xk2
/// … INFO Phase 1 INIT started (timeout 5.0s)
/// … INFO Phase 1 INIT completed in 0.4s
/// … CRITICAL Phase 3 DATABASE failed: Database initialization timeout after 20.0s in staging environment
/// … ERROR Application startup failed. Exiting. exit code 3
/// … WARNING Container exited with code 3; restarting (restart 7)
/// ```
enum PhasedStartupPreset {
    static let name = "phased-startup"

    /// The preset's rules, exactly as a config would write them.
    static let yaml = #"""
    - match: 'startup attempt (\d+) revision (\S+)'
      new_attempt: true
      attempt: '$1'
      revision: '$2'
    - match: 'Phase \d+ (\w+) started \(timeout ([0-9.]+)s\)'
      phase: '$1'
      status: running
      timeout: '$2'
    - match: 'Phase \d+ (\w+) completed in ([0-9.]+)s'
      phase: '$1'
      status: ok
      elapsed: '$2'
    - match: 'Phase \d+ (\w+) failed: (.*timeout after ([0-9.]+)s.*)'
      phase: '$1'
      status: timeout
      elapsed: '$3'
      error: '$2'
    - match: 'exit code (\d+)'
      exit_code: '$1'
      state: crashloop
    - match: 'restarting \(restart (\d+)\)'
      restarts: '$1'
    """#

    /// The rules, read like a config's `rules:` list.
    static func rules() throws -> [StartupLogRule] {
        try ConfigReader.read(yaml, file: "preset \(name)") { try $0.list().map(StartupLogRule.init(reading:)) }
    }
}
