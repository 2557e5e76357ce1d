// A small declarative command-line parser. It is ours because no argument-parsing package can be
// fetched; it does only what ketnoi needs: a tree of subcommands, long options with values, a few
// short flags, positional arguments, generated usage and help.

/// One option of a command: a flag (no value) or an option taking one value.
struct OptionSpec: Sendable {
    /// Long name without dashes, e.g. `dry-run`.
    let name: String
    /// Optional one-letter short form, e.g. `v`.
    let short: Character?
    /// Placeholder for the value (`PATH`); nil makes this a flag.
    let valueName: String?
    let help: String

    static func flag(_ name: String, short: Character? = nil, _ help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, valueName: nil, help: help)
    }

    static func value(
        _ name: String, _ valueName: String, short: Character? = nil, _ help: String
    ) -> OptionSpec {
        OptionSpec(name: name, short: short, valueName: valueName, help: help)
    }

    var isFlag: Bool { valueName == nil }

    /// `--db PATH` or `-v, --verbose`, as shown in help.
    var synopsis: String {
        var text = short.map { "-\($0), " } ?? ""
        text += "--\(name)"
        if let valueName { text += " \(valueName)" }
        return text
    }
}

/// A positional argument.
struct ArgumentSpec: Sendable {
    let name: String
    let help: String
    var optional = false
    /// Takes every remaining argument (only the last argument may).
    var variadic = false
}

/// What a command's handler receives: its parsed options and arguments.
struct Invocation: Sendable {
    /// Command names from the root, e.g. `["ketnoi", "hotspots", "import"]`.
    let path: [String]
    let values: [String: String]
    let flags: Set<String>
    let arguments: [String]
    let globals: GlobalOptions

    func value(_ name: String) -> String? { values[name] }
    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// The value of an option that must be a whole number in a range.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw CommandFailure(
                .usage,
                "option --\(name): '\(text)' is not a whole number from "
                    + "\(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}

/// Options every command accepts, before or after the subcommand.
struct GlobalOptions: Sendable {
    var databasePath: String?
    var json = false
    var verbosity = 0
    var color: String?

    static let specs: [OptionSpec] = [
        .value(
            "db", "PATH", "database file (else $KETNOI_DB, else $XDG_DATA_HOME/ketnoi/ketnoi.db)"),
        .flag("json", "print data as JSON on stdout"),
        .flag("verbose", short: "v", "log more (repeat for debug)"),
        .flag("quiet", short: "q", "log only errors"),
        .value("color", "WHEN", "colour on stderr: auto (default), always or never"),
        .flag("help", short: "h", "show help for the command"),
    ]
}

/// A node of the command tree.
struct CommandSpec: Sendable {
    let name: String
    /// One line, shown in the parent's command list.
    let summary: String
    /// Paragraphs shown under the usage in `--help`.
    var discussion: String = ""
    var options: [OptionSpec] = []
    var arguments: [ArgumentSpec] = []
    var subcommands: [CommandSpec] = []
    /// Whether the command prints data (and so takes `--json`).
    var printsData = false
    var run: (@Sendable (Context) throws -> Void)?

    func subcommand(named name: String) -> CommandSpec? {
        subcommands.first { $0.name == name }
    }
}

/// The result of parsing a command line.
enum ParseResult {
    case run(CommandSpec, Invocation)
    case help(CommandSpec, path: [String])
}

/// Turns argv into a command and its invocation; every mistake is a `.usage` failure naming it.
struct CommandLineParser {
    let root: CommandSpec

    func parse(_ argv: [String]) throws -> ParseResult {
        var command = root
        var path = [root.name]
        var globals = GlobalOptions()
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var arguments: [String] = []
        var wantsHelp = false
        var optionsEnded = false
        var index = 0

        func usageFailure(_ message: String) -> CommandFailure {
            CommandFailure(.usage, message, detail: Help.usageLine(command, path: path))
        }

        while index < argv.count {
            let token = argv[index]
            index += 1

            // A negative number ("-1", "-0.5") is a value, not an option: no option is a digit.
            let isNumber = token.count > 1 && token.dropFirst().first?.isASCII == true
                && token.dropFirst().first?.isNumber == true
            if optionsEnded || token == "-" || !token.hasPrefix("-") || isNumber {
                // A word before any positional selects a subcommand while there are some.
                if !optionsEnded, arguments.isEmpty, !command.subcommands.isEmpty {
                    guard let next = command.subcommand(named: token) else {
                        throw usageFailure(
                            "unknown command '\(token)' for '\(path.joined(separator: " "))'")
                    }
                    command = next
                    path.append(next.name)
                    continue
                }
                arguments.append(token)
                continue
            }
            if token == "--" {
                optionsEnded = true
                continue
            }

            // Split `--name=value`, expand `-v`, `-vv`, `-q`, `-h`.
            var names: [(name: String, inlineValue: String?)] = []
            if token.hasPrefix("--") {
                let body = token.dropFirst(2)
                if let equals = body.firstIndex(of: "=") {
                    names.append(
                        (String(body[..<equals]), String(body[body.index(after: equals)...])))
                } else {
                    names.append((String(body), nil))
                }
            } else {
                for letter in token.dropFirst() {
                    let all = GlobalOptions.specs + command.options
                    guard let spec = all.first(where: { $0.short == letter }) else {
                        throw usageFailure("unknown option '-\(letter)'")
                    }
                    names.append((spec.name, nil))
                }
            }

            for (name, inlineValue) in names {
                let global = GlobalOptions.specs.first { $0.name == name }
                guard let spec = global ?? command.options.first(where: { $0.name == name }) else {
                    throw usageFailure("unknown option '--\(name)'")
                }
                var value: String?
                if spec.isFlag {
                    if inlineValue != nil {
                        throw usageFailure("option '--\(name)' takes no value")
                    }
                } else if let inlineValue {
                    value = inlineValue
                } else if index < argv.count {
                    value = argv[index]
                    index += 1
                } else {
                    throw usageFailure(
                        "option '--\(name)' needs a value (\(spec.valueName ?? "VALUE"))")
                }

                switch name {
                case "help": wantsHelp = true
                case "db": globals.databasePath = value
                case "json": globals.json = true
                case "verbose": globals.verbosity += 1
                case "quiet": globals.verbosity = -1
                case "color":
                    guard let value, ["auto", "always", "never"].contains(value) else {
                        throw usageFailure("option '--color' takes auto, always or never")
                    }
                    globals.color = value
                default:
                    if let value {
                        values[name] = value
                    } else {
                        flags.insert(name)
                    }
                }
            }
        }

        if wantsHelp {
            return .help(command, path: path)
        }
        guard command.run != nil else {
            throw CommandFailure(
                .usage, "'\(path.joined(separator: " "))' needs a command",
                detail: Help.page(command, path: path))
        }

        let required = command.arguments.filter { !$0.optional }.count
        if arguments.count < required {
            let missing = command.arguments[arguments.count]
            throw usageFailure("missing argument \(missing.name)")
        }
        if arguments.count > command.arguments.count, command.arguments.last?.variadic != true {
            throw usageFailure("unexpected argument '\(arguments[command.arguments.count])'")
        }
        if globals.json && !command.printsData {
            throw usageFailure(
                "'\(path.joined(separator: " "))' prints no data; --json does not apply")
        }
        let invocation = Invocation(
            path: path, values: values, flags: flags, arguments: arguments, globals: globals)
        return .run(command, invocation)
    }
}

/// Usage lines and help pages generated from the specs.
enum Help {
    /// The usage line, wrapped to 80 columns with continuation lines indented.
    static func usageLine(_ command: CommandSpec, path: [String]) -> String {
        var parts = path
        for option in command.options {
            parts.append(
                "[\(option.isFlag ? "--\(option.name)" : "--\(option.name) \(option.valueName!)")]")
        }
        if !command.subcommands.isEmpty {
            parts.append(command.run == nil ? "<command>" : "[<command>]")
        }
        for argument in command.arguments {
            parts.append(argument.optional ? "[\(argument.name)]" : argument.name)
        }
        let lead = "usage: "
        return wrap(
            parts, width: 80, first: lead, indent: String(repeating: " ", count: lead.count + 2))
    }

    /// Joins words with spaces into lines no wider than `width`.
    static func wrap(_ words: [String], width: Int, first: String, indent: String) -> String {
        var lines: [String] = []
        var line = first
        var lineHasWord = false
        for word in words {
            if lineHasWord && line.count + 1 + word.count > width {
                lines.append(line)
                line = indent + word
            } else {
                line += (lineHasWord ? " " : "") + word
            }
            lineHasWord = true
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    static func page(_ command: CommandSpec, path: [String]) -> String {
        var lines: [String] = []
        lines.append("\(path.joined(separator: " ")): \(command.summary)")
        lines.append("")
        lines.append(usageLine(command, path: path))
        if !command.discussion.isEmpty {
            lines.append("")
            lines.append(command.discussion)
        }
        if !command.subcommands.isEmpty {
            lines.append("")
            lines.append("Commands:")
            let width = command.subcommands.map(\.name.count).max() ?? 0
            for sub in command.subcommands {
                lines.append("  " + pad(sub.name, width) + "  " + sub.summary)
            }
        }
        if !command.arguments.isEmpty {
            lines.append("")
            lines.append("Arguments:")
            let width = command.arguments.map(\.name.count).max() ?? 0
            for argument in command.arguments {
                lines.append("  " + pad(argument.name, width) + "  " + argument.help)
            }
        }
        if !command.options.isEmpty {
            lines.append("")
            lines.append("Options:")
            lines += optionLines(command.options)
        }
        lines.append("")
        lines.append("Global options:")
        let globals = GlobalOptions.specs.filter { $0.name != "json" || command.printsData }
        lines += optionLines(globals)
        if !command.subcommands.isEmpty {
            lines.append("")
            lines.append(
                "Run '\(path.joined(separator: " ")) <command> --help' for a command's options.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func optionLines(_ options: [OptionSpec]) -> [String] {
        let width = options.map { $0.synopsis.count + ($0.short == nil ? 4 : 0) }.max() ?? 0
        return options.map { option in
            let synopsis = (option.short == nil ? "    " : "") + option.synopsis
            let words = option.help.split(separator: " ").map(String.init)
            let lead = "  " + pad(synopsis, width) + "  "
            let helpWidth = max(40, 100 - lead.count)
            return wrap(
                words, width: lead.count + helpWidth, first: lead,
                indent: String(repeating: " ", count: lead.count))
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
