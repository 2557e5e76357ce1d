import Foundation
import Places
import Storage
import Tabular

/// Runs one command line and returns the exit status.
func runKetnoi(_ argv: [String], environment: [String: String]) -> Int32 {
    let parser = CommandLineParser(root: RootCommand.spec)
    let parsed: ParseResult
    do {
        parsed = try parser.parse(argv)
    } catch let failure as CommandFailure {
        let terminal = Terminal(globals: GlobalOptions(), environment: environment)
        terminal.err("ketnoi: \(failure.message)")
        if let detail = failure.detail { terminal.err(detail) }
        return failure.status.rawValue
    } catch {
        return ExitStatus.software.rawValue
    }

    switch parsed {
    case .help(let command, let path):
        FileHandle.standardOutput.write(Data(Help.page(command, path: path).utf8))
        return ExitStatus.ok.rawValue
    case .run(let command, let invocation):
        let terminal = Terminal(globals: invocation.globals, environment: environment)
        let context = Context(invocation: invocation, terminal: terminal, environment: environment)
        do {
            try command.run?(context)
            return ExitStatus.ok.rawValue
        } catch let failure as CommandFailure where failure.status == .usage {
            // A usage mistake found by a command reads like one found by the parser.
            terminal.err("ketnoi: \(failure.message)")
            terminal.err(failure.detail ?? Help.usageLine(command, path: invocation.path))
            return failure.status.rawValue
        } catch let failure as CommandFailure {
            terminal.error(failure.message)
            if let detail = failure.detail { terminal.err(detail) }
            return failure.status.rawValue
        } catch let failure as ImportFailure where failure.kind == .usage {
            terminal.err("ketnoi: \(failure.message)")
            terminal.err(Help.usageLine(command, path: invocation.path))
            return ExitStatus.usage.rawValue
        } catch let failure as ImportFailure {
            terminal.error(failure.message)
            return (failure.kind == .noInput ? ExitStatus.noInput : .dataError).rawValue
        } catch let error as DatabaseError {
            // The SQL is for developers: shown at debug level only.
            terminal.error("database: \(error.message) (\(error.codeName))")
            if let sql = error.sql { terminal.debug("sql=\"\(sql)\"") }
            return ErrorStatus.status(for: error).rawValue
        } catch let error as TabularError {
            terminal.error(error.description)
            return ExitStatus.dataError.rawValue
        } catch {
            terminal.error("unexpected error: \(error)")
            return ExitStatus.software.rawValue
        }
    }
}

let status = runKetnoi(
    Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(status)
