import Agents
import FedActorsTesting
import Federation
import Foundation
import Synchronization
import Topology

/// Records the pauses a chat client takes between retries instead of sleeping them.
final class PauseRecorder: Sendable {
    private let delays = Mutex<[Double]>([])
    let unit: Double

    init(unit: Double = 0.5) { self.unit = unit }

    var recorded: [Double] { delays.withLock { $0 } }

    var pause: RetryPause {
        RetryPause(sleep: { [self] seconds in delays.withLock { $0.append(seconds) } }, unit: { [unit] in unit })
    }
}

/// Clients, inputs and a role-aware fake model for the LLM roles' tests.
enum LLMTestKit {
    static let request =
        "A 2NN on Fashion-MNIST across 8 phones whose label distributions differ, measured by global accuracy."
    static let capabilities = Capabilities.probe(
        factory: LearningTrainerFactory(), datasets: Vocabulary.datasets, partitions: Vocabulary.partitions)

    static func client(
        _ server: LoopbackHTTPServer, timeout: Double = 2, attempts: Int = 3, pause: RetryPause = PauseRecorder().pause
    ) -> ChatClient {
        ChatClient(
            config: ChatConfig(baseURL: server.baseURL, model: "test", timeoutSeconds: timeout, attempts: attempts),
            pause: pause)
    }

    static func expert() throws -> ExpertPlanner {
        guard let chooser = AgentTestKit.chooser else { throw AgentTestKit.TestSetupError() }
        return ExpertPlanner(chooser: chooser, capabilities: capabilities)
    }

    /// The messages of a recorded chat-completions request body.
    static func messages(of body: String) -> [(role: String, content: String)] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
            let messages = object["messages"] as? [[String: Any]]
        else { return [] }
        return messages.map { ($0["role"] as? String ?? "", $0["content"] as? String ?? "") }
    }

    /// A model that answers each role's prompt validly: the planner picks fedprox, the reflector
    /// says COMPLETE, the supervisor keeps the usual order, each coder returns the rule-based
    /// module from its prompt (the client's with two local epochs), and the debugger sets the
    /// learning rate to 0.05.
    static func fakeModel(_ body: String) -> LoopbackHTTPServer.Reply {
        let messages = messages(of: body)
        let system = messages.first?.content ?? ""
        let user = messages.last { $0.role == "user" }?.content ?? ""
        let content: String
        if system.contains("You advise the planner") {
            content = #"{"choice": "fedprox"}"#
        } else if system.contains("You review plans") {
            content = #"{"verdict": "COMPLETE", "missing": []}"#
        } else if system.contains("You are the supervisor") {
            content =
                #"{"steps": [{"module": "task", "depends_on": [], "tasks": []}, {"module": "client", "depends_on": ["task"], "tasks": []}, {"module": "strategy", "depends_on": ["client"], "tasks": []}, {"module": "server", "depends_on": ["task", "client", "strategy"], "tasks": []}]}"#
        } else if system.contains("You are the coder"),
            let range = user.range(of: "A rule-based coder wrote this module as: ")
        {
            let module = user[range.upperBound...].prefix { $0 != "\n" }
            content =
                system.contains("coder of the client module")
                ? module.replacingOccurrences(of: #""local_epochs":1"#, with: #""local_epochs":2"#) : String(module)
        } else if system.contains("You repair a federation spec") {
            content =
                #"{"changes": [{"field": "client.learning_rate", "value": 0.05, "reason": "the trial diverged"}]}"#
        } else {
            return .status(400, #"{"error": "unexpected prompt"}"#)
        }
        return .status(200, LoopbackHTTPServer.completion(content))
    }
}
