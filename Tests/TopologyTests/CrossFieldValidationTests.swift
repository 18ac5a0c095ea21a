import Federation
import Learning
import Testing
@testable import Topology

/// Settings that read cleanly one by one but that the run refuses together, or could do nothing
/// useful with: each is refused when the file is read, as one located issue that says what to do.
@Suite struct CrossFieldValidationTests {
    /// A valid topology of `clients` clients, with `lines` replacing the lines of the same keys.
    static func topology(clients: Int = 3, _ lines: [String: String] = [:]) -> String {
        let base: [(String, String)] = [
            ("name", "name: x"),
            ("hosts", ""),
            ("server", ""),
            ("clients", "clients: [{group: a, count: \(clients)}]"),
            ("data", "data: {dataset: fashion-mnist, partition: iid}"),
            ("model", "model: 2nn"),
            ("strategy", "strategy: fedavg"),
            ("participation", ""),
            ("timing", ""),
            ("compression", ""),
        ]
        return base.compactMap { key, line in
            let chosen = lines[key] ?? line
            return chosen.isEmpty ? nil : chosen
        }.joined(separator: "\n") + "\n"
    }

    /// The issues of `text` as `validate` prints them, without the file name; empty when it reads.
    static func issues(_ text: String) -> [String] {
        do {
            _ = try TopologyReader.parse(text, file: "x.yaml")
            return []
        } catch let error as TopologyError {
            return error.issues.map { "\($0.line):\($0.column): \($0.field): \($0.message)" }
        } catch {
            return ["unexpected \(error)"]
        }
    }

    /// Exactly one issue, starting with `prefix`.
    static func expectOne(_ text: String, _ prefix: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = issues(text)
        #expect(
            found.count == 1 && found[0].hasPrefix(prefix), "expected one issue starting '\(prefix)', got \(found)",
            sourceLocation: sourceLocation)
    }

    // 1. The model must fit the dataset's samples, as the zoo builds it.
    @Test func aModelThatDoesNotFitTheDatasetIsRefused() {
        Self.expectOne(
            Self.topology(["model": "model: gru"]),
            "4:8: model: gru cannot be built for fashion-mnist: gru needs sequence samples shaped [T, F]")
        Self.expectOne(
            Self.topology(["data": "data: {dataset: synthetic-leaf, partition: iid}", "model": "model: cnn"]),
            "4:8: model: cnn cannot be built for synthetic-leaf: cnn needs single-channel images")
        Self.expectOne(
            Self.topology(["model": "model: {name: resnet8, width: 2}"]),
            "4:8: model: resnet8 cannot be built for fashion-mnist: width 2.0 must be in (0, 1]")
        #expect(
            Self.issues(
                Self.topology(["data": "data: {dataset: synthetic-sensors, partition: iid}", "model": "model: gru"]))
                == [])
        #expect(
            Self.issues(
                Self.topology(["data": "data: {dataset: synthetic-leaf, partition: iid}", "model": "model: 2nn"])) == []
        )
    }

    // 2. by_user needs a dataset with users, and at least as many users as clients.
    @Test func byUserNeedsADatasetWithEnoughUsers() {
        Self.expectOne(
            Self.topology(["data": "data: {dataset: fashion-mnist, partition: by_user}"]),
            """
            3:43: data.partition: fashion-mnist has no natural users; by_user needs synthetic-leaf or \
            synthetic-sensors
            """
        )
        let sensors = ["data": "data: {dataset: synthetic-sensors, partition: by_user}", "model": "model: gru"]
        Self.expectOne(
            Self.topology(clients: 21, sensors),
            "3:47: data.partition: synthetic-sensors has 20 users, fewer than the 21 clients")
        #expect(Self.issues(Self.topology(clients: 20, sensors)) == [])
        #expect(
            Self.issues(Self.topology(clients: 30, ["data": "data: {dataset: synthetic-leaf, partition: by_user}"]))
                == [])
        // domains and the image corruptions transform images.
        Self.expectOne(
            Self.topology(["data": "data: {dataset: synthetic-leaf, partition: domains}"]),
            "3:44: data.partition: domains gives clients image transforms")
        Self.expectOne(
            Self.topology(["data": "data: {dataset: synthetic-leaf, corruptions: [{kind: blur}]}"]),
            "3:54: data.corruptions[0].kind: blur transforms images, but synthetic-leaf's samples are [60], not images")
    }

    // 3. Each corruption's range is checked against what its strength means.
    @Test(arguments: [
        (
            "{kind: label_flip, range: [0, 2]}",
            "data.corruptions[0].range: label_flip range [0.0, 2.0] must lie within [0.0, 1.0] (its rate)"
        ),
        (
            "{kind: pair_flip, range: [0.5, 1.5]}",
            "data.corruptions[0].range: pair_flip range [0.5, 1.5] must lie within [0.0, 1.0]"
        ),
        (
            "{kind: rotation, range: [0, 400]}",
            "data.corruptions[0].range: rotation range [0.0, 400.0] must lie within [0.0, 360.0]"
        ),
        (
            "{kind: contrast, range: [0.5, 3]}",
            "data.corruptions[0].range: contrast range [0.5, 3.0] must lie within [0.0, 2.0]"
        ),
        (
            "{kind: blur, range: [1, 50]}",
            "data.corruptions[0].range: blur range [1.0, 50.0] must lie within [0.0, 10.0]"
        ),
        (
            "{kind: gaussian_noise, range: [0, 100]}",
            "data.corruptions[0].range: gaussian_noise range [0.0, 100.0] must lie within [0.0, 10.0]"
        ),
        (
            "{kind: gaussian_noise, range: [-1, 0.5]}",
            "data.corruptions[0].range: gaussian_noise range [-1.0, 0.5] must lie within"
        ),
        (
            "{kind: label_flip, range: [0.5, 0.1]}",
            "data.corruptions[0].range: label_flip range [0.5, 0.1] must be [low, high] with low ≤ high"
        ),
        (
            "{kind: inversion, range: [0, 1]}",
            "data.corruptions[0].range: inversion has no strength to draw: remove its range"
        ),
    ])
    func aCorruptionRangeOutsideItsKindsStrengthsIsRefused(corruption: String, expected: String) {
        // The range is on line 6, where the issue points.
        let found = Self.issues(
            Self.topology(["data": "data:\n  dataset: fashion-mnist\n  corruptions:\n    - \(corruption)"]))
        #expect(found.count == 1 && found[0].hasPrefix("6:") && found[0].contains(": \(expected)"), "got \(found)")
    }

    /// The reader accepts a range exactly when every strength a client may draw from it is one the
    /// corruption accepts (the run builds each client's corruption from its drawn strength).
    @Test func validationAcceptsExactlyTheRangesTheRunAccepts() {
        for kind in Vocabulary.corruptions where kind != "inversion" {
            for range in [
                [0, 0.3], [0, 1], [0.5, 1.5], [10, 45], [0, 360], [1, 2], [2, 3], [0, 10], [5, 11], [300, 400],
            ] {
                let read = Self.issues(
                    Self.topology([
                        "data":
                            """
                        data: {dataset: fashion-mnist, corruptions: [{kind: \(kind), range: [\(range[0]), \
                        \(range[1])]}]}
                        """
                    ])
                ).isEmpty
                let runs =
                    (try? Corruption(name: kind, strength: range[0])) != nil
                    && (try? Corruption(name: kind, strength: range[1])) != nil
                #expect(
                    read == runs,
                    """
                    \(kind) \(range): validate \(read ? "accepts" : "refuses"), the run \
                    \(runs ? "accepts" : "refuses")
                    """
                )
            }
        }
        Self.expectOne(
            Self.topology([
                "data": "data: {dataset: fashion-mnist, corruptions: [{kind: blur}, {kind: blur, range: [1, 2]}]}"
            ]),
            "3:60: data.corruptions[1].kind: blur is listed twice")
    }

    // 4. What a strategy needs of the model.
    @Test func aStrategyThatCannotUseTheModelIsRefused() {
        Self.expectOne(
            Self.topology(["model": "model: logreg", "strategy": "strategy: moon"]),
            """
            5:11: strategy: moon's contrastive term acts on the representation the model's last layer reads, and \
            logreg learns none
            """
        )
        #expect(
            Self.issues(Self.topology(["model": "model: logreg", "strategy": "strategy: moon"])).first?.contains(
                "(2nn, cnn, resnet8)") == true)
        #expect(Self.issues(Self.topology(["model": "model: 2nn", "strategy": "strategy: moon"])) == [])
        #expect(Self.issues(Self.topology(["model": "model: cnn", "strategy": "strategy: moon"])) == [])
        Self.expectOne(
            Self.topology(["strategy": "strategy: heterofl"]),
            "5:11: strategy: heterofl cuts width-scaled submodels, which only cnn and resnet8 have")
        #expect(Self.issues(Self.topology(["model": "model: cnn", "strategy": "strategy: heterofl"])) == [])
        #expect(Self.issues(Self.topology(["model": "model: resnet8", "strategy": "strategy: heterofl"])) == [])
        #expect(
            Self.issues(
                Self.topology(["model": "model: {name: resnet8, width: 0.5}", "strategy": "strategy: heterofl"])
            )
            .count == 1)
        // The 2NN has 3 layers with parameters: FedPer may keep 1 or 2 local, not all 3.
        Self.expectOne(
            Self.topology(["strategy": "strategy: {name: fedper, personal_layers: 3}"]),
            """
            5:43: strategy.personal_layers: fedper with personal_layers 3 keeps every one of 2nn's 3 layers local, so \
            the clients would share nothing: keep at most 2 local
            """
        )
        #expect(Self.issues(Self.topology(["strategy": "strategy: {name: fedper, personal_layers: 2}"])) == [])
        // logreg has one layer: no personal_layers leaves anything shared.
        #expect(
            Self.issues(Self.topology(["model": "model: logreg", "strategy": "strategy: fedper"])).first?
                .contains(
                    """
                    keeps every one of logreg's 1 layer local, so the clients would share nothing: use fedavg, or a \
                    model with more layers
                    """
                ) == true)
    }

    // 5. Krum needs more than 2f + 2 results in a round; a round brings at most k.
    @Test func krumWithMoreByzantineClientsThanARoundCanOutnumberIsRefused() {
        Self.expectOne(
            Self.topology(clients: 4, ["strategy": "strategy: krum"]),
            """
            5:11: strategy.byzantine: krum with byzantine 1 aggregates only rounds with more than 4 results (n > 2f + \
            2), but this topology brings at most 4 per round
            """
        )
        #expect(Self.issues(Self.topology(clients: 5, ["strategy": "strategy: krum"])) == [])
        // 30% of 15 clients is 5 a round; byzantine 2 needs 7: min_fit 7 raises the invitations to 7.
        let multikrum = "strategy: {name: multikrum, byzantine: 2, keep: 3}"
        Self.expectOne(
            Self.topology(clients: 15, ["strategy": multikrum, "participation": "participation: {fraction: 0.3}"]),
            """
            5:40: strategy.byzantine: multikrum with byzantine 2 aggregates only rounds with more than 6 results (n > \
            2f + 2), but this topology brings at most 5 per round
            """
        )
        #expect(
            Self.issues(
                Self.topology(
                    clients: 15, ["strategy": multikrum, "participation": "participation: {fraction: 0.3, min_fit: 7}"])
            ) == [])
        Self.expectOne(
            Self.topology(clients: 4, ["strategy": "strategy: {name: krum, byzantine: 1}"]),
            "5:35: strategy.byzantine: krum with byzantine 1")
    }

    /// min_fit raises the clients invited above fraction · clients (what the docs promise).
    @Test func minFitRaisesTheRoundsTarget() {
        let policy = ParticipationPolicy(fraction: 0.3, minFit: 7)
        #expect(policy.target(population: 15) == 7)
        #expect(ParticipationPolicy(fraction: 0.3).target(population: 15) == 5)
        #expect(ParticipationPolicy(fraction: 0.3, minFit: 30).target(population: 15) == 15)
    }

    // 6. FedBuff's late updates need a deadline, in virtual time.
    @Test func fedbuffNeedsADeadlineAndVirtualTime() {
        Self.expectOne(
            Self.topology(["strategy": "strategy: fedbuff"]),
            """
            5:11: participation.deadline_seconds: missing: fedbuff applies stragglers' late updates, and only a round \
            deadline makes stragglers
            """
        )
        Self.expectOne(
            Self.topology(["strategy": "strategy: fedbuff", "participation": "participation: {fraction: 1}"]),
            "6:16: participation.deadline_seconds: missing: fedbuff")
        #expect(
            Self.issues(
                Self.topology([
                    "strategy": "strategy: fedbuff", "participation": "participation: {deadline_seconds: 30}",
                ])) == [])
        Self.expectOne(
            Self.topology([
                "strategy": "strategy: fedbuff", "participation": "participation: {deadline_seconds: 30}",
                "timing": "timing: {mode: real, scale: 0.01}",
            ]),
            "7:16: timing.mode: fedbuff applies stragglers' late updates in the round they arrive in virtual time")
    }

    // 7. No round can aggregate with min_fit above the clients, nor start with min_available above them.
    @Test func minFitAndMinAvailableAboveTheClientsAreRefused() {
        Self.expectOne(
            Self.topology(["participation": "participation: {min_fit: 9}"]),
            """
            6:26: participation.min_fit: expected at most the 3 clients of the topology, found 9: a round aggregates \
            only with min_fit results
            """
        )
        Self.expectOne(
            Self.topology(["participation": "participation: {min_available: 4}"]),
            """
            6:32: participation.min_available: expected at most the 3 clients of the topology, found 4: no round \
            would ever start
            """
        )
        #expect(Self.issues(Self.topology(["participation": "participation: {min_fit: 3, min_available: 3}"])) == [])
    }

    // 8. Nodes on other machines cannot reach a server on loopback.
    @Test func aLoopbackServerWithNodesOnOtherMachinesIsRefused() {
        let running = "hosts: [{name: h2, start: running, endpoint: \"tcp://10.77.0.2:7102\"}]"
        let clients = "clients: [{group: a, count: 3, host: h2}]"
        Self.expectOne(
            Self.topology(["hosts": running, "clients": clients]),
            """
            2:46: server.bind: host h2 is at tcp://10.77.0.2:7102 but the server listens on tcp://127.0.0.1:0, a \
            loopback address that host cannot reach: set server.bind
            """
        )
        Self.expectOne(
            Self.topology(["hosts": running, "server": "server: {bind: \"tcp://127.0.0.1:7000\"}", "clients": clients]),
            "3:16: server.bind: host h2 is at tcp://10.77.0.2:7102")
        #expect(
            Self.issues(
                Self.topology([
                    "hosts": running, "server": "server: {bind: \"tcp://10.77.0.254:0\"}", "clients": clients,
                ])) == [])
        let command =
            "hosts: [{name: h2, start: command, command: [ssh, b, fedactors, node], endpoint: \"tcp://10.0.0.2:7000\"}]"
        Self.expectOne(
            Self.topology(["hosts": command, "clients": clients]),
            "2:82: server.bind: host h2 is at tcp://10.0.0.2:7000")
        // Without an endpoint, the address is the one its command gives the node (--advertise, else --bind).
        let bound =
            """
            hosts: [{name: h2, start: command, command: [ssh, b, /opt/fedactors, node, --bind, \
            \"tcp://10.0.0.2:7000\"]}]
            """
        #expect(
            Self.issues(Self.topology(["hosts": bound, "clients": clients])).first?.contains(
                "host h2 is at tcp://10.0.0.2:7000") == true)
        let advertised =
            """
            hosts: [{name: h2, start: command, command: [ssh, b, /opt/fedactors, node, \"--bind=tcp://0.0.0.0:7000\", \
            --advertise, \"tcp://10.0.0.2:7000\"]}]
            """
        #expect(
            Self.issues(Self.topology(["hosts": advertised, "clients": clients])).first?.contains(
                "host h2 is at tcp://10.0.0.2:7000") == true)
        let local = "hosts: [{name: h2, start: command, command: [fedactors, node, --bind, \"tcp://127.0.0.1:0\"]}]"
        #expect(Self.issues(Self.topology(["hosts": local, "clients": clients])) == [])
        // Inside a one-word remote command too; a wildcard bind says nothing of the address.
        let oneWord =
            "hosts: [{name: h2, start: command, command: [ssh, b, \"fedactors node --bind tcp://10.0.0.2:7000\"]}]"
        #expect(
            Self.issues(Self.topology(["hosts": oneWord, "clients": clients])).first?.contains(
                "host h2 is at tcp://10.0.0.2:7000") == true)
        let wildcard = "hosts: [{name: h2, start: command, command: [fedactors, node, --bind, \"tcp://0.0.0.0:0\"]}]"
        #expect(Self.issues(Self.topology(["hosts": wildcard, "clients": clients])) == [])
        // A remote host without clients is never dialled; local child processes share the loopback.
        let idle = "hosts: [{name: h1}, {name: h2, start: running, endpoint: \"tcp://10.77.0.2:7102\"}]"
        #expect(
            Self.issues(Self.topology(["hosts": idle, "clients": "clients: [{group: a, count: 3, host: h1}]"])) == [])
    }

    // 9. server.host names a host of the topology, one every client host can reach.
    @Test func serverHostMustBeAHostOfTheTopology() {
        #expect(
            Self.issues(Self.topology(["hosts": "hosts: [{name: h1}, {name: h2}]", "server": "server: {host: h2}"]))
                == [])
        let spec = try? TopologyReader.parse(
            Self.topology(["hosts": "hosts: [{name: h1}, {name: h2}]", "server": "server: {host: h2}"]), file: "x.yaml")
        #expect(spec?.serverHost == "h2")
        Self.expectOne(
            Self.topology(["hosts": "hosts: [{name: h1}, {name: edge}]", "server": "server: {host: egde}"]),
            "3:16: server.host: expected one of h1, edge, found 'egde' (did you mean 'edge'?)")
        // A server on this machine's loopback cannot be called back by a client node on another machine.
        let remote = """
            hosts: [{name: h1}, {name: h2, start: running, endpoint: "tcp://10.77.0.2:7102"}]
            """
        Self.expectOne(
            Self.topology([
                "hosts": remote, "server": "server: {host: h1, bind: \"tcp://10.77.0.254:0\"}",
                "clients": "clients: [{group: a, count: 3, host: h2}]",
            ]),
            "3:16: server.host: the server is placed on host h1 at tcp://127.0.0.1:0, which host h2")
    }

    // 10. One mistake, one located issue.
    @Test func strategyOptionIssuesAreLocatedAtTheOption() {
        Self.expectOne(
            Self.topology(["strategy": "strategy: {name: fedprox, muu: 0.1}"]),
            "5:32: strategy.muu: fedprox has no option 'muu' (did you mean 'mu'?); its options are: mu")
        Self.expectOne(Self.topology(["strategy": "strategy: {name: fedprox, mu: -1}"]), "5:31: strategy.mu: ")
        Self.expectOne(
            Self.topology(["strategy": "strategy: {name: fedavg, mu: 0.1}"]),
            "5:30: strategy.mu: fedavg has no option 'mu'; its options are: none")
    }

    @Test func aBadValueGivesOneIssueNotAlsoAMissingOne() {
        Self.expectOne(
            Self.topology(["compression": "compression: {kind: topk, fraction: 5}"]),
            "6:37: compression.fraction: expected a number in 1e-06...1.0, found '5'")
        Self.expectOne(
            Self.topology(["clients": "clients: [{group: a, count: twenty}]"]),
            "2:29: clients[0].count: expected a whole number in 1...1000000, found 'twenty'")
        // A group that does not read leaves the others' checks quiet (not "min_fit above the clients").
        Self.expectOne(
            Self.topology([
                "clients": "clients: [{group: a, count: twenty}]", "participation": "participation: {min_fit: 2}",
            ]),
            "2:29: clients[0].count: expected a whole number")
        Self.expectOne(
            Self.topology(["clients": "clients: []"]), "2:10: clients: expected at least one client group, found none")
    }

    /// A setting the chosen kind would ignore is refused rather than silently dropped, and top-k
    /// written as a bare name (which has nowhere to put its fraction) says how to write it.
    @Test func settingsTheChosenKindIgnoresAreRefused() {
        Self.expectOne(
            Self.topology(["compression": "compression: topk"]),
            "6:14: compression: top-k needs the fraction of coordinates to keep: write {kind: topk, fraction: 0.01}")
        Self.expectOne(
            Self.topology(["compression": "compression: {kind: q8, fraction: 0.1}"]),
            """
            6:35: compression.fraction: only top-k (topk, topk+q8) keeps a fraction of the coordinates; q8 does not \
            use it
            """
        )
        Self.expectOne(
            Self.topology(["compression": "compression: {kind: none, error_feedback: true}"]),
            "6:43: compression.error_feedback: error feedback carries a compression's error into the next round")
        Self.expectOne(
            Self.topology(["participation": "participation: {sampling: uniform, candidates: 4}"]),
            "6:48: participation.candidates: candidates is used only by sampling: power_of_choice")
        #expect(
            Self.issues(
                Self.topology([
                    "compression": "compression: {kind: q8, error_feedback: true}",
                    "participation": "participation: {sampling: power_of_choice, candidates: 4}",
                ])) == [])
        #expect(Self.issues(Self.topology(["compression": "compression: {kind: topk+q8, fraction: 0.05}"])) == [])
        // A misspelt kind is the one issue: its fraction is not also blamed on a kind never written.
        Self.expectOne(
            Self.topology(["compression": "compression: {kind: topkk, fraction: 0.1}"]), "6:21: compression.kind: ")
        // A group spread over no hosts.
        Self.expectOne(
            Self.topology(["clients": "clients: [{group: a, count: 3, hosts: []}]"]),
            "2:39: clients[0].hosts: expected at least one host name, found none")
    }

    /// More clients than the partition can give samples to is refused, with the partitioner's own limit.
    @Test func moreClientsThanThePartitionCanServeAreRefused() {
        let leaf = "data: {dataset: synthetic-leaf, partition: iid}"
        Self.expectOne(
            Self.topology(clients: 3_422, ["data": leaf]),
            """
            3:44: data.partition: 3422 clients are more than synthetic-leaf's 3421 training samples can serve: every \
            client needs at least one sample; use at most 3421 clients
            """
        )
        #expect(Self.issues(Self.topology(clients: 3_421, ["data": leaf])) == [])
        Self.expectOne(
            Self.topology(
                clients: 343, ["data": "data: {dataset: synthetic-leaf, partition: {kind: dirichlet, alpha: 0.5}}"]),
            """
            3:44: data.partition: 343 clients are more than synthetic-leaf's 3421 training samples can serve: \
            dirichlet gives every client at least 10 samples; use at most 342 clients
            """
        )
        Self.expectOne(
            Self.topology(
                clients: 500,
                ["data": "data: {dataset: synthetic-sensors, partition: {kind: shards, shards_per_client: 2}}"]),
            """
            3:47: data.partition: 500 clients are more than synthetic-sensors's 960 training samples can serve: \
            shards deals 2 shards
            """
        )
        #expect(
            Self.issues(
                Self.topology(
                    clients: 480,
                    ["data": "data: {dataset: synthetic-sensors, partition: {kind: shards, shards_per_client: 2}}"]))
                == [])
        // flower_dirichlet's own minimum, and with min_partition_size 0 still one sample each.
        Self.expectOne(
            Self.topology(
                clients: 343,
                ["data": "data: {dataset: synthetic-leaf, partition: {kind: flower_dirichlet, alpha: 0.5}}"]),
            """
            3:44: data.partition: 343 clients are more than synthetic-leaf's 3421 training samples can serve: \
            flower_dirichlet with min_partition_size 10 gives every client at least that many; use at most 342 clients
            """
        )
        Self.expectOne(
            Self.topology(
                clients: 3_422,
                [
                    "data":
                        """
                    data: {dataset: synthetic-leaf, partition: {kind: flower_dirichlet, alpha: 0.5, \
                    min_partition_size: 0}}
                    """
                ]),
            """
            3:44: data.partition: 3422 clients are more than synthetic-leaf's 3421 training samples can serve: every \
            client needs at least one sample
            """
        )
        // The run takes a whole number of shards: 2.5 is refused here, as the run would refuse it.
        Self.expectOne(
            Self.topology(["data": "data: {dataset: fashion-mnist, partition: {kind: shards, shards_per_client: 2.5}}"]
            ),
            "3:77: data.partition.shards_per_client: expected a whole number in 1...100000, found '2.5'")
    }

    /// The limits validate applies are the partitioners' own: at each limit the split runs and the
    /// file validates; one client more, the split throws and the file is refused.
    @Test(arguments: [
        ("iid", Partitioner.iid, 1, "iid"),
        ("dirichlet", Partitioner.dirichlet(alpha: 0.5), 10, "{kind: dirichlet, alpha: 0.5}"),
        ("shards", Partitioner.shards(perClient: 2), 2, "{kind: shards, shards_per_client: 2}"),
    ])
    func validationLimitsAreThePartitionersOwn(name: String, partitioner: Partitioner, perClient: Int, yaml: String)
        throws
    {
        // As LearningTrainerFactory makes it.
        let labels = try SyntheticSensors.generate(users: 20, seed: 1).train.labels
        let limit = labels.count / perClient
        let data = "data: {dataset: synthetic-sensors, partition: \(yaml)}"
        #expect(throws: Never.self) { _ = try partitioner.split(labels: labels, classes: 6, clients: limit, seed: 1) }
        #expect(Self.issues(Self.topology(clients: limit, ["data": data])) == [], "\(name) at \(limit)")
        #expect(throws: LearningError.self) {
            _ = try partitioner.split(labels: labels, classes: 6, clients: limit + 1, seed: 1)
        }
        #expect(
            Self.issues(Self.topology(clients: limit + 1, ["data": data])).first?.contains(
                "more than synthetic-sensors's") == true, "\(name) at \(limit + 1)")
    }
}
