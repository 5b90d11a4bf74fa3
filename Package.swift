// swift-tools-version:6.0
// The layers follow the flow of a run: YAML text → model → plan → execution → report.
// Each target is one layer; lower layers never import higher ones.
import PackageDescription

// Release builds place the functions a run executes next to each other (hot-code.order): the
// kernel maps a binary's pages 64 KB around each page fault, and with the executed 1.7 MB spread
// over 13.7 MB of text, 10 MB of it stayed resident. lld reads the order; its packed relative
// relocations (glibc 2.36) also spare reading 1 MB of relocations at start-up.
let hotCodeOrder = String(#filePath.dropLast("Package.swift".count)) + "Sources/playbook/hot-code.order"
let hotCodeLinkerFlags = [
    "-use-ld=lld", "-Xlinker", "--symbol-ordering-file=\(hotCodeOrder)", "-Xlinker", "--no-warn-symbol-ordering",
    "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
]

let package = Package(
    name: "playbook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "playbook", targets: ["playbook"])
    ],
    dependencies: [
        // The only third-party dependency: the command-line surface (flags, help, usage errors).
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // C libraries from the system, fenced off behind module maps.
        .systemLibrary(
            name: "CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        .systemLibrary(
            name: "CLibSSH2", pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"]), .brew(["libssh2"])]),

        // Floor 0: where things come from (Mark, Diagnostic) and what data is (Value).
        .target(name: "Diagnostics"),
        .target(name: "Values"),

        // Floor 1: parsing YAML; talking to hosts. Templating reads YAML for `from_yaml`.
        .target(name: "YAML", dependencies: ["CYAML", "Diagnostics", "Values"]),
        .target(name: "Templating", dependencies: ["YAML", "Diagnostics", "Values"]),
        .target(name: "Transport", dependencies: ["CLibSSH2", "Diagnostics"]),

        // Floor 2: what the user wrote, typed.
        .target(name: "Inventory", dependencies: ["YAML", "Diagnostics", "Values"]),
        .target(
            name: "Modules", dependencies: ["YAML", "Transport", "Diagnostics", "Values"],
            plugins: ["EmbedModulePrograms"]),

        // Floor 3: the playbook model validates tasks against module argument specs.
        .target(
            name: "PlaybookModel",
            dependencies: ["YAML", "Diagnostics", "Values", "Modules", "Templating"]),

        // Floor 4: which hosts run which tasks.
        .target(
            name: "Planner",
            dependencies: ["PlaybookModel", "Inventory", "Templating", "Values", "Diagnostics"]),
        .target(name: "Reporting", dependencies: ["Diagnostics", "Values"]),

        // Floor 5: running the plan on hosts.
        .target(
            name: "Executor",
            dependencies: [
                "Planner", "PlaybookModel", "Inventory", "Modules", "Transport", "Templating",
                "Reporting", "YAML", "Values", "Diagnostics",
            ]),

        // The thin executable: flags in, exit code out.
        .executableTarget(
            name: "playbook",
            dependencies: [
                "Executor", "Modules", "Diagnostics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["hot-code.order"],
            linkerSettings: [.unsafeFlags(hotCodeLinkerFlags, .when(configuration: .release))]),

        // Build-time embedding of the remote module programs in modules/*.sh, slimmed to what
        // the shell reads of them.
        .target(name: "ProgramText", path: "Plugins/ProgramText"),
        .executableTarget(name: "embed-module-programs", dependencies: ["ProgramText"], path: "Plugins/EmbedTool"),
        .plugin(
            name: "EmbedModulePrograms", capability: .buildTool(),
            dependencies: ["embed-module-programs"]),

        // Shared test helpers: fixtures, lab access, a recording transport.
        .target(
            name: "TestSupport", dependencies: ["Diagnostics", "Values", "Transport"],
            path: "Tests/TestSupport"),
        .testTarget(
            name: "YAMLTests", dependencies: ["YAML", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "TemplatingTests", dependencies: ["Templating", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "InventoryTests", dependencies: ["Inventory", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "PlaybookModelTests", dependencies: ["PlaybookModel", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ModulesTests", dependencies: ["Modules", "Transport", "TestSupport", "ProgramText"]),
        .testTarget(name: "TransportTests", dependencies: ["Transport", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "ReportingTests", dependencies: ["Reporting", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "ExecutorTests",
            // `playbook` is here so that `swift test` builds the binary the CLI tests run.
            dependencies: ["Executor", "Planner", "Inventory", "PlaybookModel", "TestSupport", "playbook"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "ReliabilityTests",
            // Counted fault, secret and write tests on real lab hosts; `playbook` is built for them to run.
            dependencies: [
                "Transport", "Modules", "Executor", "Inventory", "PlaybookModel", "Values", "TestSupport", "playbook",
            ],
            exclude: ["Fixtures"]),
        // Hostile input (huge, deep, non-UTF-8, alias bombs, shell metacharacters, exhausting
        // templates) and the inputs fuzz/ found, through every parser's entry point.
        .testTarget(
            name: "HostileInputTests",
            // `playbook` is built for the lab test that runs it against real hosts.
            dependencies: ["YAML", "Inventory", "PlaybookModel", "Templating", "Values", "TestSupport", "playbook"],
            exclude: ["Fixtures"]),
    ]
)

// Each function of ours in its own section, so the linker can place them one by one (release
// builds; the build tools under Plugins/ are left as they are).
for target in package.targets where target.type == .regular || target.type == .executable {
    guard !(target.path ?? "").hasPrefix("Plugins/") else { continue }
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .unsafeFlags(["-Xfrontend", "-function-sections"], .when(configuration: .release))
    ]
}
