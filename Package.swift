// swift-tools-version:6.0
// ketnoi: public Wi-Fi and digital-inclusion management for Cần Thơ.
// Module boundaries follow DESIGN.md ("Modules"); C libraries come from Debian.

import PackageDescription

let package = Package(
    name: "ketnoi",
    products: [
        .executable(name: "ketnoi", targets: ["ketnoi"]),
        .executable(name: "ketnoi-lab-answer", targets: ["ketnoi-lab-answer"]),
    ],
    targets: [
        // MARK: - C libraries (Debian -dev packages, found by pkg-config)

        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .systemLibrary(name: "CLibSSH", pkgConfig: "libssh", providers: [.apt(["libssh-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // MARK: - Modules

        .target(name: "Storage", dependencies: ["CSQLite"]),
        .target(name: "Geo"),
        .target(name: "Tabular"),
        .target(name: "Privacy", dependencies: ["CCrypto"]),
        .target(name: "Places", dependencies: ["Storage", "Geo", "Tabular"]),
        .target(
            name: "Fleet", dependencies: ["Places", "Privacy", "Storage", "Tabular", "CLibSSH"]),
        .target(name: "Usage", dependencies: ["Fleet", "Privacy", "Storage", "CPcap"]),
        .target(name: "Lab"),
        .target(
            name: "Coverage",
            dependencies: ["Places", "Fleet", "Usage", "Geo", "Storage", "Tabular"]),
        .target(
            name: "Equity",
            dependencies: [
                "Coverage", "Learning", "Places", "Storage"]),
        .target(name: "Reports", dependencies: ["Equity", "Geo", "Tabular"]),
        .target(name: "Learning", dependencies: ["Places", "Storage", "Tabular"]),
        // Prometheus text and Ansible inventory from plain values; imports nothing of ours.
        .target(name: "Exporters"),
        .executableTarget(
            name: "ketnoi",
            dependencies: [
                "Storage", "Geo", "Tabular", "Privacy", "Places", "Fleet", "Usage", "Lab",
                "Coverage",
                "Learning",
                "Equity", "Reports",
                "Exporters",
            ]),
        // The lab's forced command: Glibc only, so it starts in about a millisecond.
        .executableTarget(name: "ketnoi-lab-answer"),
        // libFuzzer entry for the frame decoders; the build command is in its main.swift.
        .executableTarget(name: "FuzzDecoders", dependencies: ["Usage"]),

        // MARK: - Tests (one target per module)

        .testTarget(name: "StorageTests", dependencies: ["Storage"]),
        .testTarget(name: "GeoTests", dependencies: ["Geo"]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular"]),
        .testTarget(name: "PrivacyTests", dependencies: ["Privacy"]),
        .testTarget(name: "PlacesTests", dependencies: ["Places", "Storage", "Geo", "Tabular"]),
        .testTarget(
            name: "FleetTests",
            dependencies: [
                "Fleet", "Places", "Storage", "Privacy", "Lab", "ketnoi", "ketnoi-lab-answer",
            ]),
        .testTarget(name: "LabTests", dependencies: ["Lab", "ketnoi", "ketnoi-lab-answer"]),
        .testTarget(
            name: "UsageTests",
            dependencies: [
                "Usage", "Privacy", "Storage", "Fleet", "Lab", "ketnoi", "ketnoi-lab-answer",
            ]),
        .testTarget(
            name: "LearningTests", dependencies: ["Learning", "Places", "Storage", "Tabular"]),
        .testTarget(name: "ketnoiTests", dependencies: ["ketnoi"]),
        .testTarget(
            name: "EquityTests",
            dependencies: [
                "Equity", "Coverage", "Learning", "Places", "Storage", "Geo", "Fleet", "Usage",
            ]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Equity", "Geo", "Tabular"]),
        .testTarget(
            name: "CoverageTests",
            dependencies: ["Coverage", "Places", "Fleet", "Geo", "Storage", "ketnoi"]),
        .testTarget(name: "ExportersTests", dependencies: ["Exporters"]),
        // Completion, man page, Ansible and Prometheus through the real binary and tools.
        .testTarget(
            name: "EcosystemTests", dependencies: ["Lab", "ketnoi", "ketnoi-lab-answer"]),
        .testTarget(
            name: "CLibrariesTests",
            dependencies: ["CSQLite", "CPcap", "CLibSSH", "CCrypto"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
