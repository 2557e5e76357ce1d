import Foundation
import Learning

/// `ketnoi trainers …`: the people who run classes.
enum TrainerCommands {
    static let spec: CommandSpec = CommandSpec(
        name: "trainers",
        summary: "community trainers: add, list",
        subcommands: [addSpec, listSpec])

    static let addSpec = CommandSpec(
        name: "add",
        summary: "add a trainer",
        options: [
            .value("name", "NAME", "the trainer's name (required)"),
            .value("phone", "NUMBER", "a phone number"),
            .value("organisation", "TEXT", "team or body, e.g. a ward's community digital team"),
            .value("code", "CODE", "the trainer's code (default: generated, T0001…)"),
        ],
        printsData: true,
        run: { context in try LearningOutput.run { try runAdd(context) } })

    static let listSpec = CommandSpec(
        name: "list",
        summary: "list trainers with their classes",
        printsData: true,
        run: { context in try LearningOutput.run { try runList(context) } })

    struct TrainerJSON: Encodable {
        let code: String
        let name: String
        let phone: String?
        let organisation: String?
        let sample: Bool

        init(_ trainer: Trainer) {
            code = trainer.code
            name = trainer.name
            phone = trainer.phone
            organisation = trainer.organisation
            sample = trainer.sample
        }
    }

    static func runAdd(_ context: Context) throws {
        let invocation = context.invocation
        guard let name = invocation.value("name") else {
            throw CommandFailure(.usage, "option --name is required")
        }
        let db = try context.openDatabase()
        let trainer = try TrainerStore(db).add(Trainer(
            code: invocation.value("code") ?? "", name: name, phone: invocation.value("phone"),
            organisation: invocation.value("organisation")))
        if context.json {
            try LearningOutput.json(context, "trainer", TrainerJSON(trainer))
        } else {
            context.terminal.out("added \(trainer.code) \(trainer.name)\n")
        }
    }

    static func runList(_ context: Context) throws {
        let db = try context.openDatabase(existing: true)
        let trainers = try TrainerStore(db).all()
        if context.json {
            try LearningOutput.json(context, "trainers", trainers.map(TrainerJSON.init))
            return
        }
        guard !trainers.isEmpty else {
            context.terminal.warning("no trainers yet; add one with 'ketnoi trainers add --name "
                + "NAME'")
            return
        }
        var classes: [String: Int] = [:]
        for summary in try ClassStore(db).summaries() {
            classes[summary.trainingClass.trainerCode, default: 0] += 1
        }
        var table = TextTable(["code", "name", "organisation", "classes"], rightAligned: [3])
        for trainer in trainers {
            table.append([
                trainer.code, trainer.name + (trainer.sample ? " (sample)" : ""),
                trainer.organisation ?? "", String(classes[trainer.code] ?? 0),
            ])
        }
        context.terminal.out(table.render())
        context.terminal.out("\(trainers.count) trainers\n")
    }
}
