// The manual page, ketnoi(1), written in the man(7) macros from the command tree: every
// command's usage, discussion, arguments and options, so it never drifts from --help.

/// Renders ketnoi(1).
enum ManPage {
    static func render(_ root: CommandSpec, version: String) -> String {
        var lines: [String] = [
            ".\\\" ketnoi(1), written by 'ketnoi help --man' from the command tree.",
            ".TH KETNOI 1 \"\" \"ketnoi \(version)\" \"User Commands\"",
            ".SH NAME",
            "ketnoi \\- \(escape(root.summary))",
            ".SH SYNOPSIS",
            ".B ketnoi",
            "[\\fIglobal options\\fR] \\fIcommand\\fR [\\fIoptions\\fR] [\\fIarguments\\fR]",
            ".SH DESCRIPTION",
        ]
        lines += paragraphs(root.discussion)

        lines.append(".SH GLOBAL OPTIONS")
        lines += options(GlobalOptions.specs)

        lines.append(".SH COMMANDS")
        for (command, path) in Completion.walk(root, path: [root.name]).dropFirst() {
            lines.append(".SS \"\(escape(path.dropFirst().joined(separator: " ")))\"")
            lines.append(escape(command.summary.prefix(1).uppercased()
                + command.summary.dropFirst()) + ".")
            lines.append(".PP")
            lines.append(".nf")
            lines.append(escape(Help.usageLine(command, path: path)))
            lines.append(".fi")
            if !command.discussion.isEmpty {
                lines += paragraphs(command.discussion)
            }
            if !command.subcommands.isEmpty {
                lines.append(".PP")
                lines.append("Commands: " + command.subcommands.map {
                    "\\fB\(escape($0.name))\\fR"
                }.joined(separator: ", ") + ".")
            }
            for argument in command.arguments {
                lines.append(".TP")
                lines.append("\\fI\(escape(argument.name))\\fR")
                lines.append(escape(argument.help))
            }
            lines += options(command.options)
            if command.printsData {
                lines.append(".PP")
                lines.append("Takes \\fB\\-\\-json\\fR.")
            }
        }

        lines += [
            ".SH ENVIRONMENT",
            ".TP", "\\fBKETNOI_DB\\fR", "The database file, when \\fB\\-\\-db\\fR is not given.",
            ".TP", "\\fBXDG_DATA_HOME\\fR",
            "The database is \\fI$XDG_DATA_HOME/ketnoi/ketnoi.db\\fR otherwise "
                + "(\\fI~/.local/share\\fR when unset, empty or relative).",
            ".TP", "\\fBKETNOI_LOG\\fR", "Log level on stderr: error, warning, info or debug.",
            ".TP", "\\fBNO_COLOR\\fR", "When set and not empty, no colour on stderr.",
            ".SH EXIT STATUS",
            "0 success; 64 usage; 65 bad data; 66 missing input; 69 unavailable; 73 cannot "
                + "create; 74 I/O error; 75 try again (busy, or some access points did not "
                + "answer); 76 protocol; 77 permission; 78 configuration.",
            ".SH FILES",
            ".TP", "\\fI/usr/share/bash-completion/completions/ketnoi\\fR, \\fI_ketnoi\\fR",
            "Shell completion, from \\fBketnoi completion bash\\fR and "
                + "\\fBketnoi completion zsh\\fR.",
            ".SH SEE ALSO",
            "\\fBansible-inventory\\fR(1), \\fBprometheus-node-exporter\\fR(1), "
                + "\\fBsystemd.timer\\fR(5)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A discussion as roff paragraphs: indented lines (examples) kept as they are.
    static func paragraphs(_ text: String) -> [String] {
        var lines: [String] = [".PP"]
        var inExample = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                if inExample {
                    lines += [".fi", ".RE"]
                    inExample = false
                }
                lines.append(".PP")
            } else if line.hasPrefix("  ") {
                if !inExample {
                    lines += [".RS 4", ".nf"]
                    inExample = true
                }
                lines.append(escape(line.drop { $0 == " " }))
            } else {
                if inExample {
                    lines += [".fi", ".RE"]
                    inExample = false
                }
                lines.append(escape(line))
            }
        }
        if inExample { lines += [".fi", ".RE"] }
        return lines
    }

    static func options(_ options: [OptionSpec]) -> [String] {
        options.flatMap { option -> [String] in
            var synopsis = option.short.map { "\\fB\\-\($0)\\fR, " } ?? ""
            synopsis += "\\fB\\-\\-\(escape(option.name))\\fR"
            if let value = option.valueName { synopsis += " \\fI\(escape(value))\\fR" }
            return [".TP", synopsis, escape(option.help)]
        }
    }

    /// Text safe in roff: backslashes doubled, hyphens as minus signs (so options can be
    /// copied), other than ASCII as `\[uXXXX]` (so the page reads the same without preconv),
    /// and a leading dot or quote guarded so it is not read as a request.
    static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            default:
                if scalar.isASCII {
                    out.unicodeScalars.append(scalar)
                } else {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                        + "]"
                }
            }
        }
        if out.hasPrefix(".") || out.hasPrefix("'") { out = "\\&" + out }
        return out
    }
}
