/// Agents: the roles of the agentic FL workflow (planner, reflector, human gate, supervisor, module
/// coders and testers, evaluator, debugger) as distributed actors, deciding through an embedded
/// offline expert or an OpenAI-compatible LLM. The only module that imports CCurl.
import ActorMesh
import Topology
