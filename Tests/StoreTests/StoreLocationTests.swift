import Foundation
import Store
import XCTest

/// Where the store lives by default, and what overrides it.
final class StoreLocationTests: XCTestCase {
    func testDefaultsToTheXDGStateDirectory() {
        XCTAssertEqual(StoreLocation.path(explicit: nil, environmentName: "staging", variables: ["XDG_STATE_HOME": "/var/state"], home: "/home/ana"),
                       "/var/state/warroom/staging.sqlite")
        XCTAssertEqual(StoreLocation.path(explicit: nil, environmentName: "staging", variables: ["XDG_STATE_HOME": "/var/state/"], home: "/home/ana"),
                       "/var/state/warroom/staging.sqlite")
    }

    func testFallsBackToLocalStateInHome() {
        XCTAssertEqual(StoreLocation.path(explicit: nil, environmentName: "staging", variables: [:], home: "/home/ana"),
                       "/home/ana/.local/state/warroom/staging.sqlite")
        // The XDG spec ignores relative and empty values.
        XCTAssertEqual(StoreLocation.path(explicit: nil, environmentName: "prod", variables: ["XDG_STATE_HOME": "state"], home: "/home/ana/"),
                       "/home/ana/.local/state/warroom/prod.sqlite")
        XCTAssertEqual(StoreLocation.path(explicit: nil, environmentName: "prod", variables: ["XDG_STATE_HOME": ""], home: "/home/ana"),
                       "/home/ana/.local/state/warroom/prod.sqlite")
    }

    func testSlugs() {
        XCTAssertEqual(StoreLocation.slug("staging"), "staging")
        XCTAssertEqual(StoreLocation.slug("Staging EU"), "staging-eu")
        XCTAssertEqual(StoreLocation.slug("prod_2/../x"), "prod-2-x")
        XCTAssertEqual(StoreLocation.slug("staging (simulated)"), "staging-simulated")
        XCTAssertEqual(StoreLocation.slug("Ünïcode"), "n-code")
        XCTAssertEqual(StoreLocation.slug("../.."), "default")
        XCTAssertEqual(StoreLocation.slug("a-b-9"), "a-b-9")
        XCTAssertEqual(StoreLocation.slug(""), "default")
        XCTAssertEqual(StoreLocation.path(explicit: nil, environmentName: "", variables: [:], home: "/h"), "/h/.local/state/warroom/default.sqlite")
    }

    func testAnExplicitPathWinsWithTildeExpanded() {
        let variables = ["XDG_STATE_HOME": "/var/state"]
        XCTAssertEqual(StoreLocation.path(explicit: "/tmp/x.sqlite", environmentName: "staging", variables: variables, home: "/home/ana"), "/tmp/x.sqlite")
        XCTAssertEqual(StoreLocation.path(explicit: "~/incidents/x.sqlite", environmentName: "staging", variables: variables, home: "/home/ana"),
                       "/home/ana/incidents/x.sqlite")
        XCTAssertEqual(StoreLocation.path(explicit: "~", environmentName: "s", variables: [:], home: "/home/ana"), "/home/ana")
        XCTAssertEqual(StoreLocation.path(explicit: "~bob/x.sqlite", environmentName: "s", variables: [:], home: "/home/ana"), "~bob/x.sqlite")
        XCTAssertEqual(StoreLocation.path(explicit: "rel/x.sqlite", environmentName: "s", variables: [:], home: "/home/ana"), "rel/x.sqlite")
        XCTAssertEqual(StoreLocation.path(explicit: "", environmentName: "s", variables: [:], home: "/home/ana"), "/home/ana/.local/state/warroom/s.sqlite")
    }
}
