import Places

/// How every import command reports what it did.
enum ImportOutput {
    struct ProblemJSON: Encodable {
        let file: String
        let line: Int?
        let item: Int?
        let field: String?
        let reason: String
        let message: String
    }

    struct ReportJSON: Encodable {
        let file: String
        let mode: String
        let rowsRead: Int
        let created: Int
        let updated: Int
        let skipped: Int
        let invalidRows: Int
        let wrote: Bool
        let problems: [ProblemJSON]
        let warnings: [String]
    }

    /// Prints the report (problems and warnings to stderr, the summary to stdout) and fails with
    /// exit 65 when rows were invalid and the mode did not skip them.
    static func finish(_ report: ImportReport, what: String, context: Context) throws {
        let terminal = context.terminal
        for warning in report.warnings {
            terminal.warning(warning)
        }
        if context.json {
            let problems = report.problems.map { problem in
                var item: Int?
                if case .item(let number) = problem.place { item = number }
                return ProblemJSON(
                    file: problem.file, line: problem.line, item: item, field: problem.field,
                    reason: problem.reason, message: problem.description)
            }
            let payload = ReportJSON(
                file: report.file, mode: modeName(report.mode), rowsRead: report.rowsRead,
                created: report.created, updated: report.updated, skipped: report.skipped,
                invalidRows: report.invalidRows, wrote: report.wrote, problems: problems,
                warnings: report.warnings)
            terminal.out(try JSONOutput.render(JSONDocument("import-report", payload)))
        } else {
            // A file of a hundred thousand bad rows needs its first ones and a count, not all.
            for problem in report.problems.prefix(Self.problemLines) {
                terminal.err(problem.description)
            }
            if report.problems.count > Self.problemLines {
                terminal.err("… and \(report.problems.count - Self.problemLines) more problems "
                    + "(--json lists them all)")
            }
            terminal.out(summary(report, what: what) + "\n")
        }
        if !report.problems.isEmpty && report.mode != .skipInvalid {
            throw CommandFailure(.dataError, "\(report.invalidRows) invalid row(s) in "
                + "\(report.file); nothing written")
        }
    }

    /// Problems listed in text output before the rest are counted.
    static let problemLines = 1000

    static func summary(_ report: ImportReport, what: String) -> String {
        let valid = report.rowsRead - report.invalidRows
        switch report.mode {
        case .dryRun:
            return "\(report.file): \(report.rowsRead) rows read, \(valid) valid, "
                + "\(report.invalidRows) invalid; dry run, nothing written"
        case .allOrNothing where !report.problems.isEmpty:
            return "\(report.file): \(report.rowsRead) rows read, \(report.invalidRows) invalid; "
                + (valid > 0
                    ? "nothing written (fix them, or --skip-invalid to import the "
                        + "\(valid) valid rows)"
                    : "nothing written")
        default:
            var text = "\(report.file): \(report.rowsRead) rows read; \(what) "
                + "\(report.created) created, \(report.updated) updated"
            if report.skipped > 0 {
                text += ", \(report.skipped) invalid rows skipped"
            }
            return text
        }
    }

    static func modeName(_ mode: ImportMode) -> String {
        switch mode {
        case .allOrNothing: "all-or-nothing"
        case .dryRun: "dry-run"
        case .skipInvalid: "skip-invalid"
        }
    }
}
