/// The agent's answer to one chat message: the five events of the golden path, each carrying
/// the run's id, in the order the client must see them.
struct AgentRun: Sendable {
    let id: String
    let message: String

    init(message: String) {
        self.id = "run_" + RandomHex.make(bytes: 6)
        self.message = message
    }

    var events: [JSON] {
        [
            ["type": "agent_started", "run_id": .string(id)],
            ["type": "agent_thinking", "run_id": .string(id)],
            ["type": "tool_executing", "tool": "search", "run_id": .string(id)],
            ["type": "tool_completed", "tool": "search", "run_id": .string(id)],
            ["type": "agent_completed", "text": .string(answer), "run_id": .string(id)],
        ]
    }

    private var answer: String {
        "I searched the knowledge base for \"\(message)\" and found 3 relevant documents."
    }
}
