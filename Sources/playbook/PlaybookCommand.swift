import ArgumentParser

@main
struct PlaybookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "playbook")
    func run() throws {}
}
