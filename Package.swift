// swift-tools-version:6.2
import PackageDescription

/// Warroom: an incident console for the terminal.
///
/// Only `NcursesBackend` imports curses; every other module builds and is tested without a TTY.
let package = Package(
    name: "warroom",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "warroom", targets: ["warroom"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        .target(name: "SafeText"),
        .target(name: "TUI", dependencies: ["SafeText"]),
        .target(name: "CSignals"),
        .target(name: "NcursesBackend", dependencies: ["CNcurses", "CSignals", "TUI"]),
        .target(
            name: "Monitoring",
            dependencies: [
                "SafeText",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .target(
            name: "Store",
            dependencies: [
                "Monitoring",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .target(
            name: "Simulator",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "CSpawn"),
        .target(
            name: "Runner",
            dependencies: ["CSpawn", "Monitoring", "SafeText", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "Console", dependencies: ["TUI", "Monitoring", "SafeText", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "warroom",
            dependencies: [
                "Console", "CSpawn", "Monitoring", "NcursesBackend", "Runner", "SafeText", "Simulator", "Store", "TUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "warroom-bench",
            dependencies: [
                "Console", "Monitoring", "NcursesBackend", "Simulator", "Store", "TUI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/warroom-bench"
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "TUI", "Monitoring", "Simulator",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "TUITests", dependencies: ["TUI", "SafeText", "TestSupport"]),
        .testTarget(name: "MonitoringTests", dependencies: ["Monitoring", "Simulator", "TestSupport"]),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "TestSupport", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "HummingbirdWSClient", package: "hummingbird-websocket")]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "Monitoring", "TUI", "TestSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Monitoring", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                                                     .product(name: "PostgresNIO", package: "postgres-nio")]),
        .testTarget(name: "NcursesBackendTests", dependencies: ["NcursesBackend", "TUI"]),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "Monitoring", "TestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "WarroomTests", dependencies: ["warroom", "Monitoring", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "Simulator"]),
    ]
)
