/// What a strategy may check about a run before any node starts (``RegisteredStrategy/problems(in:)``):
/// the model, the dataset and how many results a round can bring.
public struct StrategySetting: Sendable {
    /// The zoo model's name and width.
    public var model: String
    public var width: Double
    public var dataset: String
    /// The model as built for the dataset; nil when it does not fit (reported on its own).
    public var fit: ModelFit?
    /// The options as the topology file gives them (defaults not filled in).
    public var options: [String: Double]
    /// The clients of the run.
    public var clientCount: Int
    /// The most results a round can aggregate (participation target: fraction × clients rounded up,
    /// raised to `min_fit`, at most every client).
    public var resultsPerRound: Int
    /// The participation fraction and `min_fit`, for advice.
    public var participationFraction: Double
    public var minFit: Int

    public init(
        model: String, width: Double, dataset: String, fit: ModelFit?, options: [String: Double], clientCount: Int,
        resultsPerRound: Int, participationFraction: Double, minFit: Int
    ) {
        self.model = model
        self.width = width
        self.dataset = dataset
        self.fit = fit
        self.options = options
        self.clientCount = clientCount
        self.resultsPerRound = resultsPerRound
        self.participationFraction = participationFraction
        self.minFit = minFit
    }
}
