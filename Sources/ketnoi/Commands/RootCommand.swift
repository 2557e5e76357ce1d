/// The command tree of `ketnoi`.
enum RootCommand {
    static let version = "0.1.0"

    static let spec: CommandSpec = CommandSpec(
        name: "ketnoi",
        summary: "public Wi-Fi and digital-inclusion management for Cần Thơ",
        discussion: """
            Operators keep the hotspots and their access points; planners read coverage and
            equity; trainers run the digital-literacy courses. Everything lives in one SQLite
            database (see --db).

            Start with the city's wards, then the hotspots and their access points:
              ketnoi areas import hotspots/cantho/wards.csv
              ketnoi areas import --name-field fullName cantho-2025-wards.geojson
              ketnoi hotspots import hotspots/cantho/hotspots.csv
              ketnoi aps import access-points.csv
              ketnoi inventory
              ketnoi status
            Without devices at hand, 'ketnoi lab up' starts simulated ones.

            Environment: KETNOI_DB (database file), KETNOI_LOG (error, warning, info, debug),
            NO_COLOR. Exit status: 0 ok, 64 usage, 65 bad data, 66 missing input, 69
            unavailable, 73 cannot create, 74 I/O error, 75 try again (busy, or some access
            points did not answer), 76 protocol, 77 permission, 78 configuration.
            """,
        options: [.flag("version", "print the version and exit")],
        subcommands: [
            AreaCommands.spec, HotspotCommands.spec, AccessPointCommands.spec,
            InventoryCommands.inventorySpec, InventoryCommands.statusSpec, UsageCommands.sampleSpec,
            UsageCommands.usageSpec, DatabaseCommands.spec,
            LabCommands.spec, CoverageCommands.spec,
            CourseCommands.spec, TrainerCommands.spec, ClassCommands.spec, LearnerCommands.spec,
            EnrollmentCommands.enrollSpec, EnrollmentCommands.withdrawSpec,
            EnrollmentCommands.attendSpec, EnrollmentCommands.assessSpec,
            LearningCommands.certificatesSpec, LearningCommands.spec,
            ReportCommand.spec, ExportCommands.spec, HelpCommands.completionSpec,
            HelpCommands.helpSpec,
        ],
        run: { context in
            if context.invocation.has("version") {
                context.terminal.out("ketnoi \(version)\n")
            } else {
                context.terminal.out(Help.page(spec, path: ["ketnoi"]))
            }
        })
}
