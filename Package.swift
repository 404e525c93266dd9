// swift-tools-version: 6.1
import PackageDescription

/// Settings every Hegui target shares: Swift 6 language mode (strict concurrency) is the tools default.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Hegui",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hegui", targets: ["HeguiCLI"]),
        .library(name: "Masking", targets: ["Masking"]),
        .library(name: "Retrieval", targets: ["Retrieval"]),
        .library(name: "Models", targets: ["Models"]),
        .library(name: "AnswerChecks", targets: ["AnswerChecks"]),
        .library(name: "AuditTrail", targets: ["AuditTrail"]),
        .library(name: "Gateway", targets: ["Gateway"]),
        .library(name: "SyntheticData", targets: ["SyntheticData"]),
        .library(name: "Scrubbing", targets: ["Scrubbing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // C system libraries, installed by Deploy/dev.sh from Debian's packages.
        .systemLibrary(name: "CPCRE2", path: "Sources/CPCRE2", pkgConfig: "libpcre2-8",
                       providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),

        .target(name: "Masking", dependencies: [
            "CPCRE2",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),

        .target(name: "SyntheticData", dependencies: ["Masking", "Scrubbing"], swiftSettings: strict),
        .target(name: "Retrieval", dependencies: [
            "COpenBLAS",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .target(name: "Models", dependencies: [
            "Retrieval", "JSONCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ], swiftSettings: strict),
        .target(name: "AnswerChecks", dependencies: ["Retrieval", .product(name: "Yams", package: "Yams")], swiftSettings: strict),
        .target(name: "JSONCore", swiftSettings: strict),
        .target(name: "Scrubbing", dependencies: [
            "Masking", "AnswerChecks", "JSONCore",
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .target(name: "AuditTrail", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .target(name: "Gateway", dependencies: [
            "Masking", "Retrieval", "Models", "AnswerChecks", "AuditTrail", "Scrubbing", "JSONCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ], swiftSettings: strict),
        .executableTarget(name: "HeguiCLI", dependencies: [
            "Gateway", "Masking", "Retrieval", "AuditTrail", "Models", "SyntheticData", "Scrubbing",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], swiftSettings: strict),

        .testTarget(name: "MaskingTests", dependencies: ["Masking", "SyntheticData", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .testTarget(name: "RetrievalTests", dependencies: ["Retrieval", "SyntheticData", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(name: "ModelsTests", dependencies: [
            "Models",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
        ], swiftSettings: strict),
        .testTarget(name: "ScrubbingTests", dependencies: [
            "Scrubbing", "JSONCore", "Masking", "AnswerChecks", "SyntheticData", .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .testTarget(name: "AnswerChecksTests", dependencies: ["AnswerChecks"], swiftSettings: strict),
        .testTarget(name: "AuditTrailTests", dependencies: ["AuditTrail", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(name: "GatewayTests", dependencies: [
            "Gateway", "HeguiCLI", "Masking", "SyntheticData",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ], swiftSettings: strict),
    ]
)
