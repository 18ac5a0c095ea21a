import Agents
import ArgumentParser

/// `fedactors plan`: the planner, reflector and human gate on a request; prints the approved plan.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Turn a plain-language request into a reviewed FL plan (planner, reflector, human gate).",
        discussion: """
            The gate shows the plan and asks: y approves, n aborts, anything else is feedback for the \
            planner (e.g. "clients: 20", "model: logreg"). --yes approves without asking. Exit code 3: \
            the request misses essentials (the questions are printed); 4: aborted.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var agents: AgentOptions

    func run() async throws {
        try common.bootstrapLogging()
        let session = try await agents.startTeam()
        let outcome = try await session.run { team in
            try await AgentWorkflow(team: team, bounds: session.bounds, progress: { printLive("» \($0)") }).plan(
                agents.request)
        }
        try finish(outcome.status)
        print("approved plan (shown above at the gate)")
    }
}
