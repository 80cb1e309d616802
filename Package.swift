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
    ],
    targets: [
        .target(
            name: "YJICore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            resources: [.copy("Frameworks")]
        ),
        .target(
            name: "YJIStore",
            dependencies: [
                "YJICore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "yji",
            dependencies: [
                "YJICore",
                "YJIStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
            name: "yjiTests",
            dependencies: ["yji", "YJICore", "YJIStore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
