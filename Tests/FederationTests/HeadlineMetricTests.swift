@testable import Federation
import Testing

/// The report's headline is the run's metric; per-client, worst-client and per-domain figures come
/// from the last round with client evaluations.
struct HeadlineMetricTests {
    static func report(partition: String, metric: String?) -> RunReport {
        var first = RoundRecord(round: 1)
        first.globalAccuracy = 0.5
        first.clientAccuracy = [0: 0.1, 1: 0.2]
        var last = RoundRecord(round: 2)
        last.globalAccuracy = 0.8
        // Clients 0 and 5 are the original domain, 1 rotated, 2 inverted (client c: domain c mod 5).
        last.clientAccuracy = [0: 0.9, 5: 0.7, 1: 0.6, 2: 0.75]
        var summary = ["partition": partition]
        summary["metric"] = metric
        return RunReport(summary: summary, rounds: [first, last])
    }

    @Test func theSummarysMetricLeadsAndTheOthersFollow() {
        let r = Self.report(partition: "dirichlet alpha=0.5", metric: "mean_client_top1")
        let h = r.headline()
        #expect(h.metric == "mean_client_top1")
        #expect(abs((h.value ?? 0) - 0.7375) < 1e-9)
        #expect(h.globalTop1 == 0.8)
        #expect(h.worstClient == 1 && h.worstClientTop1 == 0.6)
        #expect(h.perDomainTop1 == nil)
        #expect(r.headlineLine().hasPrefix("mean per-client top-1 accuracy (mean_client_top1) 0.7375; global 0.8000"))
    }

    @Test func perDomainAveragesTheClientsOfEachDomainAndReportsTheWorst() {
        let h = Self.report(partition: "domains", metric: "per_domain_top1").headline()
        #expect(h.perDomainTop1?["original"].map { abs($0 - 0.8) < 1e-9 } == true)
        #expect(h.perDomainTop1?["rotated-30"] == 0.6)
        #expect(h.value == 0.6)
    }

    /// Every domain counts once (original 0.8 from two clients, rotated 0.6, inverted 0.75); without
    /// domains, every client is its own: the mean client accuracy. The server's global model is not
    /// read (its test set holds the original domain only).
    @Test func allDomainsAveragesTheDomainMeans() {
        let h = Self.report(partition: "domains", metric: "global_top1_all_domains").headline()
        #expect(h.metric == "global_top1_all_domains")
        #expect(abs((h.value ?? 0) - (0.8 + 0.6 + 0.75) / 3) < 1e-9)
        let plain = Self.report(partition: "iid", metric: "global_top1_all_domains").headline()
        #expect(abs((plain.value ?? 0) - 0.7375) < 1e-9)
        #expect(HeadlineMetric.allDomainsTop1.needsClientEvaluation)
    }

    @Test func withoutAMetricTheGlobalAccuracyLeadsAndAMissingClientFigureIsSaid() {
        var r = Self.report(partition: "iid", metric: nil)
        #expect(r.headline().value == 0.8)
        r.rounds = r.rounds.map {
            var x = $0; x.clientAccuracy = [:]; return x
        }
        #expect(r.headlineLine(.worstClientTop1).contains("not measured"))
    }
}
