/// `ketnoi help` and `ketnoi completion`: documentation generated from the command tree.
enum HelpCommands {
    static let helpSpec = CommandSpec(
        name: "help",
        summary: "show a command's help, or print the manual page (--man)",
        discussion: """
            'ketnoi help aps import' is 'ketnoi aps import --help'. --man prints ketnoi(1) in
            roff for every command; 'make install' installs it:
              ketnoi help --man | man -l -
            """,
        options: [.flag("man", "print the manual page (roff) for every command")],
        arguments: [
            ArgumentSpec(
                name: "COMMAND…", help: "the command to explain", optional: true, variadic: true)
        ],
        run: { try runHelp($0) })

    static let completionSpec = CommandSpec(
        name: "completion",
        summary: "print a shell completion script: bash or zsh",
        discussion: """
            Completes commands, options and the values of options with a fixed set (firmware
            families, encodings, colours) or a file. 'make install' installs both scripts;
            by hand:
              ketnoi completion bash > /usr/share/bash-completion/completions/ketnoi
              ketnoi completion zsh > /usr/local/share/zsh/site-functions/_ketnoi
            """,
        arguments: [ArgumentSpec(name: "SHELL", help: "bash or zsh")],
        run: { try runCompletion($0) })

    static func runHelp(_ context: Context) throws {
        let root = RootCommand.spec
        if context.invocation.has("man") {
            guard context.invocation.arguments.isEmpty else {
                throw CommandFailure(.usage, "--man prints the whole manual; give no command")
            }
            context.terminal.out(ManPage.render(root, version: RootCommand.version))
            return
        }
        var command = root
        var path = [root.name]
        for name in context.invocation.arguments {
            guard let next = command.subcommand(named: name) else {
                throw CommandFailure(
                    .usage, "unknown command '\(name)' for '\(path.joined(separator: " "))'")
            }
            command = next
            path.append(name)
        }
        context.terminal.out(Help.page(command, path: path))
    }

    static func runCompletion(_ context: Context) throws {
        switch context.invocation.arguments[0] {
        case "bash": context.terminal.out(Completion.bash(RootCommand.spec))
        case "zsh": context.terminal.out(Completion.zsh(RootCommand.spec))
        case let other:
            throw CommandFailure(
                .usage, "no completion for '\(other)'; give "
                    + Completion.shells.joined(separator: " or "))
        }
    }
}
