/// Federation: server and client actors, strategies (Flower's contract) with pure aggregation math,
/// participation, stragglers, device and link profiles, the virtual clock, and the run report.
import ActorMesh
import Learning
