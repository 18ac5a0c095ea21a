/// Agents: the roles of the agentic FL workflow (planner, reflector, human gate, supervisor, module
/// coders and testers, evaluator, debugger) as distributed actors, deciding through an embedded
/// offline expert or an OpenAI-compatible LLM. The only module that imports CCurl.
///
/// LLM-capable roles (``LLMRole``): planner, reflector, supervisor, module coders, debugger. Each
/// asks its own prompt (`Prompts/`) under a JSON schema, validates the reply into its typed value,
/// feeds a rejection back on retry (``RetryBackoff`` between attempts), and falls back to the
/// expert's answer with a note when the server fails or keeps answering invalidly (``Decided``).
/// The module testers and the evaluator are not LLM roles: they execute real checks and stay
/// deterministic. ``BackendSelection`` reads `--backend`; ``RoleBackends`` gives each role its client.
///
/// The offline decision core, usable without any model or network:
/// - `MethodCatalog` loads the method cards (`Catalog/methods.json`) and checks them against
///   `Topology.Vocabulary`.
/// - `MethodRetriever` ranks cards for a text with Okapi BM25 (`BM25Index`, `Tokenizer`).
/// - `RequestAnalyzer` reads a plain-language request into a `RequestAnalysis` with explicit rules.
/// - `MethodChooser` picks one strategy and add-ons for the analysis, with its reasons.
///
/// Glossary:
/// - *challenge*: a difficulty of the deployment (label skew, dropouts, privacy, …), `Challenge`.
/// - *method card*: one algorithm with the challenges it addresses, its idea, hooks,
///   hyper-parameters and citation, `MethodCard`.
/// - *hook*: a point in the client's or server's round where a method plugs in (`ClientHook`,
///   `ServerHook`); a module coder implements one per hook.
/// - *strategy*: the aggregation algorithm of a run, one of `Vocabulary.strategies`.
/// - *add-on*: a non-strategy method that composes with any strategy (client selection,
///   compression, over-commitment, fine-tuning, sample selection, replay).
/// - *fallback*: the expert's answer standing in for an LLM that failed; `decidedBy` says
///   "expert (fallback)" and the note says why.
/// - *missing* vs *assumption*: an essential the request leaves out and the planner must ask for,
///   vs a value the analyzer filled in from context and the planner should confirm.
import ActorMesh
import Topology
