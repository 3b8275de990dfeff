import Foundation
import Monitoring
import Yams

/// `warroom-bench config [SERVICES]`: time to load a config of SERVICES services shaped like
/// the README's example (10,000 unless said), and how much of it is YAML composing.
func configBenchmark(services: Int) throws {
    var text = "environment: big\nservices:\n"
    for i in 0..<services {
        text += """
          - id: s\(i)
            name: service-\(i)
            description: A service with a phased startup
            check:
              type: http
              url: https://staging.example.com/\(i)/health
              headers: { Authorization: Bearer x }
              expect:
                status: [200, 204]
                json:
                  - { path: status, equals: healthy }
                  - { path: checks.database, one_of: [ok, degraded] }
              latency: { warn: 500ms, critical: 2s }
              interval: 5s

        """
    }
    let clock = ContinuousClock()
    var composeTimes: [Double] = [], loadTimes: [Double] = []
    for _ in 0..<3 {
        let t0 = clock.now
        _ = try Yams.compose(yaml: text)
        composeTimes.append((clock.now - t0).seconds)
        let t1 = clock.now
        let config = try WarroomConfig.parse(text, file: "big.yaml", environment: [:])
        loadTimes.append((clock.now - t1).seconds)
        precondition(config.services.count == services)
    }
    print(String(format: "config  %d services, %.1f MB of YAML: load %.2f s (best of 3), of which YAML composing %.2f s",
                 services, Double(text.utf8.count) / 1_048_576, loadTimes.min()!, composeTimes.min()!))
}
