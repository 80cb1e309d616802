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
    ],
    targets: [
        .target(
            name: "YJICore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            resources: [.copy("Frameworks")]
        ),
        .executableTarget(
            name: "yji",
            dependencies: [
                "YJICore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "YJICoreTests",
            dependencies: ["YJICore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "yjiTests",
            dependencies: ["yji", "YJICore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
