import Foundation
import Testing

@Suite("Shell completion and the man page")
struct CompletionAndManTests {
    /// The completion script sourced into bash, then `_ketnoi` run on `line` as if TAB were
    /// pressed at its end; returns the candidates, one per line.
    static func bashComplete(_ line: String, script: String) throws -> [String] {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            + (line.hasSuffix(" ") ? [""] : [])
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let program = """
            source "$1"
            COMP_WORDS=(\(quoted))
            COMP_CWORD=\(words.count - 1)
            COMP_LINE='\(line)'
            COMP_POINT=${#COMP_LINE}
            _ketnoi
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let workspace = try Workspace()
        let path = try workspace.write("ketnoi.bash", script)
        let outcome = try Tool.run(
            Tool.bash, ["-c", program, "bash", path], folder: workspace.folder)
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stderr == "", "\(outcome)")
        return outcome.stdoutLines.filter { !$0.isEmpty }
    }

    @Test("the bash script passes bash -n and completes `ketnoi inv<TAB>` to inventory",
          .enabled(if: Tool.available(Tool.bash)))
    func bash() throws {
        let workspace = try Workspace()
        let generated = try workspace.run(["completion", "bash"])
        #expect(generated.status == 0, "\(generated)")
        let script = generated.stdout
        let path = try workspace.write("ketnoi.bash", script)
        let syntax = try Tool.run(Tool.bash, ["-n", path])
        #expect(syntax.status == 0 && syntax.stderr == "", "\(syntax)")

        #expect(try Self.bashComplete("ketnoi inv", script: script) == ["inventory"])
        #expect(try Self.bashComplete("ketnoi ex", script: script) == ["export"])
        #expect(
            try Self.bashComplete("ketnoi export ", script: script)
                == ["ansible-inventory", "prometheus"])
        #expect(try Self.bashComplete("ketnoi export prometheus --te", script: script)
                == ["--textfile"])
        // Global options go before the command too, and --db's value is skipped over.
        #expect(try Self.bashComplete("ketnoi --db x.db aps im", script: script) == ["import"])
        #expect(
            try Self.bashComplete("ketnoi lab up --firmware ", script: script)
                == ["openwrt", "routeros", "unifi", "mixed"])
        #expect(
            try Self.bashComplete("ketnoi aps add --firmware r", script: script) == ["routeros"])
        #expect(try Self.bashComplete("ketnoi --color n", script: script) == ["never"])
        #expect(try Self.bashComplete("ketnoi completion ", script: script) == ["bash", "zsh"])
        // Closed sets of the newer commands, and `help` offers the commands it explains.
        #expect(try Self.bashComplete("ketnoi coverage --method ", script: script)
                == ["2sfca", "e2sfca"])
        #expect(try Self.bashComplete("ketnoi learners add --gender f", script: script)
                == ["female"])
        #expect(try Self.bashComplete("ketnoi learners add --low-income n", script: script)
                == ["no", "not-specified"])
        #expect(try Self.bashComplete("ketnoi classes list --status c", script: script)
                == ["closed", "cancelled"])
        #expect(try Self.bashComplete("ketnoi help lea", script: script)
                == ["learners", "learning"])
        // --json is offered only where the command prints data.
        #expect(try Self.bashComplete("ketnoi status --js", script: script) == ["--json"])
        #expect(try Self.bashComplete("ketnoi lab down --js", script: script) == [])
    }

    @Test("the zsh script passes zsh -n and offers the same words",
          .enabled(if: Tool.available(Tool.zsh)))
    func zsh() throws {
        let workspace = try Workspace()
        let generated = try workspace.run(["completion", "zsh"])
        #expect(generated.status == 0, "\(generated)")
        #expect(generated.stdout.hasPrefix("#compdef ketnoi\n"))
        let path = try workspace.write("_ketnoi", generated.stdout)
        let syntax = try Tool.run(Tool.zsh, ["-n", path])
        #expect(syntax.status == 0 && syntax.stderr == "", "\(syntax)")

        // Outside a completion widget compadd and _describe do not exist: stand-ins print
        // what they are given.
        func complete(_ words: [String]) throws -> [String] {
            let program = """
                compdef() { : }
                compadd() { [[ $1 == -- ]] && shift; print -l -- "$@" }
                _describe() { print -l -- "${(@P)4}" }
                _files() { print -- FILES "$@" }
                _message() { print -- MESSAGE }
                source "$1"
                words=(\(words.map { "'\($0)'" }.joined(separator: " ")))
                CURRENT=\(words.count)
                _ketnoi
                """
            let outcome = try Tool.run(Tool.zsh, ["-f", "-c", program, "zsh", path])
            #expect(outcome.status == 0 && outcome.stderr == "", "\(outcome)")
            return outcome.stdoutLines
        }
        #expect(try complete(["ketnoi", "inv"]).contains(
            "inventory:log into every access point over SSH and take a snapshot of each"))
        #expect(try complete(["ketnoi", "lab", "up", "--firmware", ""])
                == ["openwrt", "routeros", "unifi", "mixed"])
        #expect(try complete(["ketnoi", "export", "prometheus", "--textfile", ""])
                == ["FILES -/"])
        #expect(try complete(["ketnoi", "hotspots", "import", ""]) == ["FILES"])
        #expect(try complete(["ketnoi", "coverage", "--method", ""]) == ["2sfca", "e2sfca"])
    }

    @Test("help --man prints roff with every command, and groff reads it without a warning",
          .enabled(if: Tool.available(Tool.groff)))
    func manPage() throws {
        let workspace = try Workspace()
        let outcome = try workspace.run(["help", "--man"])
        #expect(outcome.status == 0, "\(outcome)")
        let roff = outcome.stdout
        #expect(roff.contains(".TH KETNOI 1 \"\" \"ketnoi 0.1.0\" \"User Commands\"\n"))
        for section in [
            "inventory", "export ansible\\-inventory", "export prometheus", "completion",
            "aps import", "lab fault",
        ] {
            #expect(roff.contains(".SS \"\(section)\"\n"), "no section for \(section)")
        }
        #expect(roff.contains(".TP\n\\fB\\-\\-textfile\\fR \\fIDIR\\fR\n"))
        #expect(!roff.split(separator: "\n").contains { $0.hasPrefix(".") && $0.count > 1
            && $0.dropFirst().first == " " })

        let page = try workspace.write("ketnoi.1", roff)
        let check = try Tool.run(Tool.groff, ["-man", "-Tutf8", "-ww", "-z", page])
        #expect(check.status == 0, "\(check)")
        #expect(check.stderr == "", "\(check)")
        let text = try Tool.run(Tool.groff, ["-man", "-Tutf8", "-P", "-c", page])
        #expect(text.stdout.contains("ketnoi export prometheus"))
    }

    @Test("help COMMAND is the command's --help; unknown commands and shells are usage errors")
    func helpCommand() throws {
        let workspace = try Workspace()
        let viaHelp = try workspace.run(["help", "aps", "import"])
        let viaFlag = try workspace.run(["aps", "import", "--help"])
        #expect(viaHelp.status == 0)
        #expect(viaHelp.stdout == viaFlag.stdout)
        let unknown = try workspace.run(["help", "nothing"])
        #expect(unknown.status == 64)
        #expect(unknown.stderrLines.first == "ketnoi: unknown command 'nothing' for 'ketnoi'")
        let fish = try workspace.run(["completion", "fish"])
        #expect(fish.status == 64)
        #expect(fish.stderrLines.first == "ketnoi: no completion for 'fish'; give bash or zsh")
    }
}
