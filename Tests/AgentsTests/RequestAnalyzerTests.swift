import Agents
import Testing

struct RequestAnalyzerTests {
    let analyzer = RequestAnalyzer()

    @Test func aRequestWithoutEssentialsListsWhatIsMissing() {
        let analysis = analyzer.analyze("Help me build a federated learning system.")

        #expect(analysis.missing == [.dataset, .clientCount, .model])
        #expect(!analysis.isComplete)
        #expect(analysis.clientCount == nil && analysis.dataset == nil && analysis.model == nil)
        #expect(analysis.challenges.isEmpty)
        #expect(analysis.missing.allSatisfy { $0.question.hasSuffix("?") })
    }

    @Test(arguments: [
        ("Train a CNN on clothing images held by five hospitals.", 5, DeviceKind.hospital, Deployment.crossSilo),
        ("Twenty-five phones hold Fashion-MNIST slices.", 25, .smartphone, .crossDevice),
        ("We have a dozen wearable sensors recording accelerometer data.", 12, .sensor, .crossDevice),
        ("Run it on 100 edge cameras with images.", 100, .camera, .crossDevice),
        (
            "A cross-silo setup of 3 banks training logistic regression on LEAF synthetic data.", 3, .organization,
            .crossSilo
        ),
    ])
    func countsKindsAndDeployments(request: String, count: Int, kind: DeviceKind, deployment: Deployment) {
        let analysis = analyzer.analyze(request)

        #expect(analysis.clientCount == count)
        #expect(analysis.deviceKind == kind)
        #expect(analysis.deployment == deployment)
    }

    @Test func percentagesAndOneUserAreNotClientCounts() {
        let analysis = analyzer.analyze(
            "Only 30% of the devices connect each round; each phone holds data from one user, 8 clients in all.")

        #expect(analysis.clientCount == 8)
        #expect(analysis.participation == 0.3)
    }

    @Test func unstatedModelIsAssumedFromTheDataAndSaidSo() {
        let analysis = analyzer.analyze("Recognise handwriting on 10 tablets-like devices.")

        #expect(analysis.dataset == "fashion-mnist")
        #expect(analysis.model == "cnn")
        #expect(analysis.assumptions.count >= 2)
        #expect(analysis.missing.isEmpty)
    }

    @Test func modelSynonymsMapToTheVocabulary() {
        #expect(analyzer.analyze("an MLP on images").model == "2nn")
        #expect(analyzer.analyze("an LSTM on accelerometer traces").model == "gru")
        #expect(analyzer.analyze("a ResNet-18 on photos").model == "resnet8")
        #expect(analyzer.analyze("a ResNet-18 on photos").assumptions.contains { $0.contains("resnet8") })
        #expect(analyzer.analyze("multinomial logistic regression on LEAF synthetic data").dataset == "synthetic-leaf")
    }

    @Test func challengeCuesAndEvidence() {
        let analysis = analyzer.analyze(
            "Hospitals fear malicious participants and need differential privacy; images have noisy labels.")

        #expect(analysis.challenges == [.labelNoise, .privacy, .robustness])
        #expect(analysis.evidence.contains { $0.challenge == .robustness && $0.phrase == "malicious" })
    }

    @Test func continualMetricsReadAverageAccuracyAsPerTask() {
        let analysis = analyzer.analyze(
            "15 phones learn tasks sequentially with a CNN on Fashion-MNIST; evaluate average accuracy and forgetting.")

        #expect(analysis.metrics == [.meanTaskTop1, .forgetting])
        #expect(analyzer.analyze("15 phones, CNN, Fashion-MNIST").metrics == [.globalTop1])
    }
}

struct ParticipationAndPrivacyTests {
    let analyzer = RequestAnalyzer()

    @Test func clientsPerRoundBecomeAFraction() {
        #expect(analyzer.analyze("100 phones, 10 clients per round, CNN on Fashion-MNIST.").participation == 0.1)
        #expect(analyzer.analyze("50 phones run 2 local epochs per round.").participation == nil)
        #expect(analyzer.analyze("Of 40 devices, 8 of them each round.").participation == 0.2)
    }

    @Test func plainPrivateDataIsNotAPrivacyChallenge() {
        #expect(!analyzer.analyze("20 phones keep their private data local.").challenges.contains(.privacy))
        #expect(analyzer.analyze("We need a formal privacy guarantee for 20 phones.").challenges.contains(.privacy))
        #expect(analyzer.analyze("Updates must not leak patient records.").challenges.contains(.privacy))
    }
}
