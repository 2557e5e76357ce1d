import Coverage
import Fleet
import Lab
import Learning
import Places
import Tabular

// Shell completion scripts generated from the command tree, so they list exactly the commands
// and options the parser accepts. The helper functions are written in the shell syntax bash
// and zsh share (`case`, `[[ ]]`, a global REPLY); only the entry function differs.

/// Bash and zsh completion scripts for `ketnoi`.
enum Completion {
    /// How the value of an option or a positional argument is completed.
    enum ValueKind: Equatable {
        case file, folder, none
        case words([String])

        /// What `_ketnoi_value` answers: `file`, `dir`, empty for free text, or the words.
        var reply: String {
            switch self {
            case .file: return "file"
            case .folder: return "dir"
            case .none: return ""
            case .words(let words): return words.joined(separator: " ")
            }
        }
    }

    /// Words for options whose values are a closed set, taken from the types that parse them.
    static func choices(option: String, path: [String]) -> [String]? {
        switch option {
        case "color": return ["auto", "always", "never"]
        case "firmware":
            return path.contains("lab")
                ? LabFirmware.allCases.map(\.rawValue) : FirmwareFamily.allCases.map(\.rawValue)
        case "encoding": return TextEncoding.allCases.map(\.rawValue)
        case "environment": return Environment.allCases.map(\.rawValue)
        case "method": return AccessMethod.allCases.map(\.rawValue)
        case "gender": return Gender.allCases.map(\.rawValue)
        case "disability", "low-income": return Answer.allCases.map(\.rawValue)
        case "status" where path.contains("classes"): return ClassStatus.allCases.map(\.rawValue)
        case "kind" where path.contains("areas"): return ["phường", "xã"]
        default: return nil
        }
    }

    static func kind(of option: OptionSpec, path: [String]) -> ValueKind {
        if let words = choices(option: option.name, path: path) { return .words(words) }
        switch option.valueName {
        case "DIR": return .folder
        case let name? where name.hasPrefix("FILE") || name == "PATH": return .file
        default: return .none
        }
    }

    static func kind(of argument: ArgumentSpec) -> ValueKind {
        if argument.name == "SHELL" { return .words(shells) }
        if argument.name.hasPrefix("FILE") { return .file }
        if argument.name == "DIR" { return .folder }
        return .none
    }

    /// The shells `ketnoi completion` writes scripts for.
    static let shells = ["bash", "zsh"]

    /// Every command of the tree with its path, depth first.
    static func walk(_ command: CommandSpec, path: [String]) -> [(CommandSpec, [String])] {
        var all = [(command, path)]
        for sub in command.subcommands {
            all += walk(sub, path: path + [sub.name])
        }
        return all
    }

    /// The functions both shells use: `_ketnoi_commands`, `_ketnoi_options`, `_ketnoi_value`
    /// and `_ketnoi_argument`, each answering in REPLY for a command path such as
    /// `ketnoi aps import`.
    static func helpers(_ root: CommandSpec) -> String {
        let commands = walk(root, path: [root.name])
        var text = "_ketnoi_commands() {\n    case \"$1\" in\n"
        for (command, path) in commands where !command.subcommands.isEmpty {
            let names = command.subcommands.map(\.name).joined(separator: " ")
            text += "        \(quoted(path.joined(separator: " ")))) REPLY=\(quoted(names)) ;;\n"
        }
        text += "        *) REPLY='' ;;\n    esac\n}\n\n"

        text += "_ketnoi_options() {\n    case \"$1\" in\n"
        for (command, path) in commands {
            let options = optionList(command).map { "--\($0.name)" }.joined(separator: " ")
            text += "        \(quoted(path.joined(separator: " ")))) REPLY=\(quoted(options)) ;;\n"
        }
        text += "        *) REPLY='' ;;\n    esac\n}\n\n"

        // `-` means a flag: the next word is not its value.
        text += "_ketnoi_value() {\n    case \"$2\" in\n"
        for option in GlobalOptions.specs where !option.isFlag {
            text += "        --\(option.name)) REPLY=\(quoted(kind(of: option, path: []).reply))"
                + "; return ;;\n"
        }
        text += "    esac\n    case \"$1|$2\" in\n"
        for (command, path) in commands {
            for option in command.options where !option.isFlag {
                let key = path.joined(separator: " ") + "|--" + option.name
                text += "        \(quoted(key))) REPLY="
                    + "\(quoted(kind(of: option, path: path).reply)) ;;\n"
            }
        }
        text += "        *) REPLY=- ;;\n    esac\n}\n\n"

        text += "_ketnoi_argument() {\n    case \"$1\" in\n"
        for (command, path) in commands where command.subcommands.isEmpty {
            guard let argument = command.arguments.first else { continue }
            // `ketnoi help CMD`: the commands themselves.
            let reply = path == [root.name, "help"]
                ? root.subcommands.map(\.name).joined(separator: " ") : kind(of: argument).reply
            guard !reply.isEmpty else { continue }
            text += "        \(quoted(path.joined(separator: " ")))) REPLY=\(quoted(reply)) ;;\n"
        }
        text += "        *) REPLY='' ;;\n    esac\n}\n"
        return text
    }

    /// The options of a command as completion offers them, globals included.
    static func optionList(_ command: CommandSpec) -> [OptionSpec] {
        command.options + GlobalOptions.specs.filter { $0.name != "json" || command.printsData }
    }

    /// Walks the words before the cursor to the command path (in `cmd`); shared by both
    /// shells, given how to read word `i`.
    static func pathLoop(first: String, end: String, word: String) -> String {
        """
            local cmd=ketnoi word i skip=
            for ((i = \(first); i < \(end); i++)); do
                word=\(word)
                if [[ -n $skip ]]; then skip=; continue; fi
                case $word in
                    --*=*) continue ;;
                    -*) _ketnoi_value "$cmd" "$word"; [[ $REPLY != - ]] && skip=1; continue ;;
                esac
                _ketnoi_commands "$cmd"
                if [[ -n $REPLY && " $REPLY " == *" $word "* ]]; then cmd="$cmd $word"; fi
            done

        """
    }

    /// `ketnoi completion bash`: for /usr/share/bash-completion/completions/ketnoi.
    static func bash(_ root: CommandSpec) -> String {
        """
        # bash completion for ketnoi                                  -*- shell-script -*-
        # Written by `ketnoi completion bash` from the command tree; install it as
        # /usr/share/bash-completion/completions/ketnoi or source it from ~/.bashrc.

        \(helpers(root))
        _ketnoi() {
            local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
            COMPREPLY=()
        \(pathLoop(first: "1", end: "COMP_CWORD", word: "${COMP_WORDS[i]}"))
            if [[ $COMP_CWORD -gt 1 && $prev == -* && $prev != *=* ]]; then
                _ketnoi_value "$cmd" "$prev"
                case $REPLY in
                    -) ;;
                    file) compopt -o filenames 2>/dev/null
                        COMPREPLY=($(compgen -f -- "$cur")); return ;;
                    dir) compopt -o filenames 2>/dev/null
                        COMPREPLY=($(compgen -d -- "$cur")); return ;;
                    '') return ;;
                    *) COMPREPLY=($(compgen -W "$REPLY" -- "$cur")); return ;;
                esac
            fi
            if [[ $cur == -* ]]; then
                _ketnoi_options "$cmd"
                COMPREPLY=($(compgen -W "$REPLY" -- "$cur"))
                return
            fi
            _ketnoi_commands "$cmd"
            if [[ -n $REPLY ]]; then
                COMPREPLY=($(compgen -W "$REPLY" -- "$cur"))
                return
            fi
            _ketnoi_argument "$cmd"
            case $REPLY in
                file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
                dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;
                '') ;;
                *) COMPREPLY=($(compgen -W "$REPLY" -- "$cur")) ;;
            esac
        }

        complete -F _ketnoi ketnoi

        """
    }

    /// `ketnoi completion zsh`: for a folder on $fpath, as `_ketnoi`.
    static func zsh(_ root: CommandSpec) -> String {
        var summaries = "_ketnoi_summaries() {\n    case \"$1\" in\n"
        for (command, path) in walk(root, path: [root.name]) where !command.subcommands.isEmpty {
            let lines = command.subcommands.map {
                quoted("\($0.name):\($0.summary.replacingOccurrences(of: ":", with: "\\:"))")
            }
            summaries += "        \(quoted(path.joined(separator: " ")))) ketnoi_subcommands=(\n"
            summaries += lines.map { "            \($0)\n" }.joined()
            summaries += "        ) ;;\n"
        }
        summaries += "        *) ketnoi_subcommands=() ;;\n    esac\n}\n"

        return """
            #compdef ketnoi
            # zsh completion for ketnoi, written by `ketnoi completion zsh` from the command
            # tree; install it as _ketnoi in a folder on $fpath (e.g. /usr/share/zsh/vendor-
            # completions or /usr/local/share/zsh/site-functions).

            \(helpers(root))
            \(summaries)
            _ketnoi() {
                local cur=${words[CURRENT]} prev=${words[CURRENT-1]}
                local -a ketnoi_subcommands
            \(pathLoop(first: "2", end: "CURRENT", word: "${words[i]}"))
                if (( CURRENT > 2 )) && [[ $prev == -* && $prev != *=* ]]; then
                    _ketnoi_value "$cmd" "$prev"
                    case $REPLY in
                        -) ;;
                        file) _files; return ;;
                        dir) _files -/; return ;;
                        '') _message 'a value'; return ;;
                        *) compadd -- ${=REPLY}; return ;;
                    esac
                fi
                if [[ $cur == -* ]]; then
                    _ketnoi_options "$cmd"
                    compadd -- ${=REPLY}
                    return
                fi
                _ketnoi_summaries "$cmd"
                if (( ${#ketnoi_subcommands} )); then
                    _describe -t commands 'ketnoi command' ketnoi_subcommands
                    return
                fi
                _ketnoi_argument "$cmd"
                case $REPLY in
                    file) _files ;;
                    dir) _files -/ ;;
                    '') ;;
                    *) compadd -- ${=REPLY} ;;
                esac
            }

            if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
                _ketnoi "$@"
            else
                compdef _ketnoi ketnoi
            fi

            """
    }

    /// Single-quoted for the shell.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
