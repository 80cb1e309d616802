// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "yji",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "yji", targets: ["yji"]),
        .library(name: "YJICore", targets: ["YJICore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(
            name: "YJICore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            resources: [.copy("Frameworks"), .copy("Questionnaires")]
        ),
        .target(
            name: "YJIStore",
            dependencies: [
                "YJICore",
                "YJIReports",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "YJIReports",
            dependencies: ["YJICore"]
        ),
        .target(
            name: "YJIWeb",
            dependencies: [
                "YJICore",
                "YJIStore",
                "YJIReports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates"), .copy("Public")]
        ),
        .executableTarget(
            name: "yji",
            dependencies: [
                "YJICore",
                "YJIStore",
                "YJIReports",
                "YJIWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "YJICoreTests",
            dependencies: ["YJICore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "YJIStoreTests",
            dependencies: ["YJIStore", "YJICore"]
        ),
        .testTarget(
            name: "YJIReportsTests",
            dependencies: ["YJIReports", "YJIStore", "YJICore"]
        ),
        .testTarget(
            name: "YJIWebTests",
            dependencies: [
                "YJIWeb", "YJIReports", "YJIStore", "YJICore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .testTarget(
            name: "yjiTests",
            dependencies: ["yji", "YJICore", "YJIStore", "YJIReports"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
