/// What a strategy may check about a run before any node starts (``RegisteredStrategy/problems(in:)``):
/// the model, the dataset and how many results a round can bring.
package struct StrategySetting: Sendable {
    /// The zoo model's name and width.
    package var model: String
    package var width: Double
    package var dataset: String
    /// The model as built for the dataset; nil when it does not fit (reported on its own).
    package var fit: ModelFit?
    /// The options as the topology file gives them (defaults not filled in).
    package var options: [String: Double]
    /// The clients of the run.
    package var clientCount: Int
    /// The most results a round can aggregate (participation target: fraction × clients rounded up,
    /// raised to `min_fit`, at most every client).
    package var resultsPerRound: Int
    /// The participation fraction and `min_fit`, for advice.
    package var participationFraction: Double
    package var minFit: Int

    package init(
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
