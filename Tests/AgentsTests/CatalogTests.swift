import Agents
import Foundation
import Testing
import Topology

struct CatalogTests {
    @Test func bundledCatalogLoadsWithEveryRequiredMethod() throws {
        let catalog = try MethodCatalog.bundled()
        let required = [
            "fedavg", "fedavgm", "fedprox", "fedadagrad", "fedadam", "fedyogi", "fednova", "scaffold", "moon", "feddyn",
            "fedmedian", "fedtrimmedavg", "krum", "fedbn", "fedper", "qfedavg", "dp-fedavg", "fedbuff", "heterofl",
            "power_of_choice", "q8", "topk", "overcommit", "local-finetune", "small-loss-filter",
        ]
        for id in required {
            #expect(catalog.card(id: id) != nil, "no card \(id)")
        }
    }

    @Test func everyVocabularyStrategyHasACardAndEveryCardIsConsistent() throws {
        let catalog = try MethodCatalog.bundled()

        #expect(Set(catalog.cards(of: .strategy).map(\.id)) == Set(Vocabulary.strategies))
        for card in catalog.cards {
            #expect(!card.challenges.isEmpty, "\(card.id)")
            #expect(!card.clientHooks.isEmpty || !card.serverHooks.isEmpty, "\(card.id) has no hooks")
            switch card.kind {
            case .strategy: #expect(Vocabulary.strategies.contains(card.id) && !card.serverHooks.isEmpty, "\(card.id)")
            case .selection: #expect(Vocabulary.samplings.contains(card.id), "\(card.id)")
            case .compression:
                #expect(Vocabulary.compressions.contains(card.id), "\(card.id)")
                #expect(card.clientHooks.contains(.compressUpdate) && card.serverHooks.contains(.decompressUpdates))
            default: break
            }
            for p in card.hyperParameters {
                #expect(p.minimum <= p.defaultValue && p.defaultValue <= p.maximum, "\(card.id).\(p.name)")
            }
            #expect(!card.citation.authors.isEmpty && card.citation.year >= 2009, "\(card.id)")
        }
    }

    @Test func malformedJSONSaysWhatToFix() {
        // Execute / Assert
        #expect {
            try MethodCatalog(json: Data("{\"not\": \"an array\"}".utf8))
        } throws: { error in
            "\(error)".contains("methods.json")
        }
        #expect {
            try MethodCatalog(json: Data("[{\"id\": \"fedavg\"}]".utf8))
        } throws: { error in
            "\(error)".contains("not a valid JSON array of cards")
        }
    }

    @Test func rulesRejectBadCards() throws {
        let good = try #require(try MethodCatalog.bundled().card(id: "fedprox"))
        var unknownStrategy = good
        unknownStrategy.id = "fedmagic"
        var outOfRange = good
        outOfRange.hyperParameters[0].defaultValue = 99
        var noChallenge = good
        noChallenge.challenges = []
        var unpaired = good
        unpaired.clientHooks.append(.compressUpdate)

        for (cards, words) in [
            ([good, good], "more than once"), ([unknownStrategy], "must be one of"),
            ([outOfRange], "minimum ≤ defaultValue ≤ maximum"), ([noChallenge], "at least one challenge"),
            ([unpaired], "needs the server hook decompressUpdates"),
        ] {
            #expect {
                try MethodCatalog(cards: cards)
            } throws: { error in
                "\(error)".contains(words)
            }
        }
    }

    @Test func unknownHookNamesAreRejectedAtDecoding() throws {
        let data = try JSONEncoder().encode([try #require(try MethodCatalog.bundled().card(id: "fedavg"))])
        let text = try #require(String(data: data, encoding: .utf8)).replacingOccurrences(
            of: "weightedAverage", with: "magicAverage")

        #expect(throws: CatalogError.self) { try MethodCatalog(json: Data(text.utf8)) }
    }

    @Test func chooserNeedsAFedAvgCard() throws {
        let catalog = try MethodCatalog(cards: [try #require(try MethodCatalog.bundled().card(id: "fedprox"))])

        #expect {
            try MethodChooser(catalog: catalog)
        } throws: { error in
            "\(error)".contains("fedavg")
        }
    }
}
