import Foundation
import SQLKit
import Testing
import YJICore
@testable import YJIStore

/// The lead inspector's decisions on scores' labels and the judged sections' findings: one scorecard with both, every
/// change audited, refusals writing nothing, and published inspections frozen.
@Suite("Rating decisions store")
struct RatingStoreTests {
    /// An FJI inspection and a scored theme (with a label other than its proposal) and the judged governance theme.
    func fji(_ test: TestStore) async throws -> (Inspection, scored: Score, other: String) {
        let (inspection, _) = try await test.seededInspection(framework: "fji", cases: 10, seed: 31)
        let (framework, card) = try await test.store.scores.scorecard(inspection: inspection.id)
        let scored = try #require(card.sections.first { !$0.judged && $0.percent != nil })
        let labels = try #require(framework.ratingScale(for: .section)).bands.map(\.label)
        let other = try #require(labels.first { $0 != scored.computedBand })
        return (inspection, scored, other)
    }

    @Test(arguments: TestEngine.available)
    func decisionsAreSavedReplacedAndWithdrawnWithAuditRows(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (inspection, scored, other) = try await fji(test)
            try await store.scores.decideRating(inspection: inspection.id, level: .section, scoreID: scored.id, label: other,
                                         reason: "  case files showed the work was not sustained  ", actor: "lead@example.test")
            var score = try #require(try await store.scores.scorecard(inspection: inspection.id).1.score(.section, scored.id))
            #expect(score.band == other && score.computedBand == scored.computedBand)
            #expect(score.override?.source == .decision && score.override?.by == "lead@example.test")
            #expect(score.override?.reason == "case files showed the work was not sustained", "the reason is kept trimmed")
            #expect(score.labelDescription == "judged \(other)")

            // A second decision replaces the first: still one row.
            let third = try #require(try await store.inspections.framework(of: inspection).ratingScale(for: .section)?.bands.map(\.label)
                .first { $0 != other && $0 != scored.computedBand })
            try await store.scores.decideRating(inspection: inspection.id, level: .section, scoreID: scored.id, label: third,
                                         reason: "the partnership's evidence", actor: "lead2@example.test")
            #expect(try await store.scores.ratingDecisions(inspection: inspection.id).map(\.label) == [third])
            #expect(try await test.count("rating_decisions") == 1)

            #expect(try await store.scores.withdrawRating(inspection: inspection.id, level: .section, scoreID: scored.id,
                                                   reason: "the score speaks for itself", actor: "lead@example.test"))
            score = try #require(try await store.scores.scorecard(inspection: inspection.id).1.score(.section, scored.id))
            #expect(score.band == scored.computedBand && score.override == nil)
            #expect(try await store.scores.withdrawRating(inspection: inspection.id, level: .section, scoreID: scored.id,
                                                   reason: "again", actor: "lead@example.test") == false, "nothing left to withdraw")

            let trail = try await store.inspections.auditTrail(inspection: inspection.id).filter { $0.entity == "rating" }
            #expect(trail.map(\.action) == ["create", "update", "delete"])
            #expect(trail.map(\.actor) == ["lead@example.test", "lead2@example.test", "lead@example.test"])
            #expect(trail.allSatisfy { $0.entityID == "section/\(scored.id)" })
            #expect(trail[0].reason.contains("in place of the proposed \(scored.computedBand ?? "")") && trail[0].reason.contains("not sustained"))
            #expect(trail[2].reason.contains("the score speaks for itself") && trail[2].before?.contains(third) == true && trail[2].after == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func refusalsWriteNothing(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (inspection, scored, other) = try await fji(test)
            let mark = try await store.inspections.auditMark(inspection: inspection.id)
            /// A refusal about the label or the reason names that field; one about the score itself names none.
            func refused(_ id: String, level: ScoreLevel = .section, label: String, reason: String, field: String? = nil,
                         mentioning words: [String]) async {
                do {
                    try await store.scores.decideRating(inspection: inspection.id, level: level, scoreID: id, label: label, reason: reason, actor: "lead")
                    Issue.record("\(level) \(id) '\(label)' was accepted")
                } catch StoreError.invalid(let message) {
                    #expect(field == nil, "\(message) should name the field \(field ?? "")")
                    for word in words { #expect(message.contains(word), "\(message)") }
                } catch StoreError.invalidField(let named, let message) {
                    #expect(named == field, "\(message)")
                    for word in words { #expect(message.contains(word), "\(message)") }
                } catch {
                    Issue.record("unexpected \(error)")
                }
            }
            await refused(scored.id, label: other, reason: "   ", field: "reason", mentioning: ["say why"])
            await refused(scored.id, label: "excellent", reason: "why not", field: "label",
                          mentioning: ["'excellent'", "poor, unsatisfactory, satisfactory, good"])
            await refused(scored.id, label: scored.computedBand ?? "", reason: "agreed", field: "label", mentioning: ["the label the score proposes"])
            await refused("5", label: other, reason: "board minutes", mentioning: ["judged, not scored", "finding"])
            await refused("1.1", level: .criterion, label: other, reason: "x", mentioning: ["criterion scores of fji carry no label"])
            await refused("99", label: other, reason: "x", mentioning: ["no section 99"])
            #expect(try await test.count("rating_decisions") == 0)
            #expect(try await store.inspections.auditMark(inspection: inspection.id) == mark)

            // The schema holds the rule too: a blank reason or a question-level row is refused whoever writes it.
            for statement in [
                "INSERT INTO rating_decisions (inspection_id, level, score_id, label, reason, decided_by, decided_at) VALUES (\(inspection.id), 'section', '1', 'good', ' ', 'x', 't')",
                "INSERT INTO rating_decisions (inspection_id, level, score_id, label, reason, decided_by, decided_at) VALUES (\(inspection.id), 'question', 'q', 'good', 'r', 'x', 't')",
            ] {
                await #expect(throws: (any Error).self) {
                    try await store.transaction { db in try await db.raw("\(unsafeRaw: statement)").run() }
                }
            }
            #expect(try await test.count("rating_decisions") == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func aFindingsJudgementMustBeALabelOfItsScale(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (inspection, _, _) = try await fji(test)
            let board = ["The management board met every quarter (synthetic)."]
            for (area, judgement, words) in [
                (EvidenceArea.governance, "Satisfactory", ["'Satisfactory'", "poor, unsatisfactory, satisfactory, good"]),
                (.theme("1"), "good", ["not a judged section"]),
                (.criterion("1.1"), "good", ["not a judged section"]),
            ] {
                do {
                    try await store.evidence.addFinding(inspection: inspection.id, StructuredFinding(area: area, judgement: judgement, keyFindings: board), actor: "lead")
                    Issue.record("\(area) '\(judgement)' was accepted")
                } catch StoreError.invalid(let message) {
                    for word in words { #expect(message.contains(word), "\(message)") }
                }
            }
            #expect(try await store.evidence.findings(inspection: inspection.id).isEmpty)
            // `governance` and `theme:5` name the same judged section; the later finding's judgement is the label.
            try await store.evidence.addFinding(inspection: inspection.id, StructuredFinding(area: .theme("5"), judgement: "good", keyFindings: board),
                                       actor: "inspector@example.test")
            try await store.evidence.addFinding(inspection: inspection.id, StructuredFinding(
                area: .governance, judgement: "satisfactory", keyFindings: ["Gaps in the board's membership (synthetic)."]), actor: "lead@example.test")
            let governance = try #require(try await store.scores.scorecard(inspection: inspection.id).1.score(.section, "5"))
            #expect(governance.band == "satisfactory" && governance.percent == nil && governance.computedBand == nil)
            #expect(governance.override?.source == .finding && governance.override?.by == "lead@example.test")
            #expect(governance.override?.reason == "Gaps in the board's membership (synthetic).")

            // SQS prints no label for operational management, so its findings carry no judgement.
            let (sqs, _) = try await test.seededInspection(framework: "sqs", cases: 6, seed: 32)
            await #expect(throws: StoreError.self) {
                try await store.evidence.addFinding(inspection: sqs.id, StructuredFinding(area: .operationalManagement, judgement: "good", keyFindings: board),
                                           actor: "lead")
            }
            try await store.evidence.addFinding(inspection: sqs.id, StructuredFinding(area: .operationalManagement, keyFindings: board), actor: "lead")
            #expect(try await store.scores.scorecard(inspection: sqs.id).1.score(.section, "5")?.band == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func decisionsAreFrozenOncePublishedAndTravelInTheArchive(_ engine: TestEngine) async throws {
        try await TestStore.with(engine) { test in
            let store = test.store
            let (inspection, scored, other) = try await fji(test)
            try await store.evidence.addFinding(inspection: inspection.id, StructuredFinding(
                area: .theme("5"), judgement: "satisfactory", keyFindings: ["The board met regularly (synthetic)."]), actor: "lead@example.test")
            try await store.scores.decideRating(inspection: inspection.id, level: .section, scoreID: scored.id, label: other,
                                         reason: "synthetic reason", actor: "lead@example.test")
            let (_, before) = try await store.scores.scorecard(inspection: inspection.id)

            // The archive carries the decision with who, when and why, and the copy scores the same.
            let archive = try await store.archives.export(inspection: inspection.id)
            #expect(archive.ratings?.map(\.label) == [other] && archive.ratings?.first?.decidedBy == "lead@example.test")
            let bytes = try archive.jsonData()
            let copy = try await store.archives.importArchive(try InspectionArchive.read(bytes, file: "a.json"), file: "a.json", actor: "importer")
            #expect(try await store.archives.export(inspection: copy.id).jsonData() == bytes)
            let (_, copied) = try await store.scores.scorecard(inspection: copy.id)
            #expect(copied.sections.map(\.band) == before.sections.map(\.band))
            #expect(try await store.inspections.auditTrail(inspection: copy.id).contains { $0.entity == "rating" && $0.reason == "imported from a.json" })
            // An archive whose decision does not stand on its scores is refused whole.
            var broken = String(decoding: bytes, as: UTF8.self)
            broken = broken.replacingOccurrences(of: "\"label\" : \"\(other)\"", with: "\"label\" : \"splendid\"")
            await #expect(throws: StoreError.self) {
                _ = try await store.archives.importArchive(try InspectionArchive.read(Data(broken.utf8), file: "b.json"), file: "b.json", actor: "importer")
            }

            try await test.publish(inspection.id)
            let published = try await store.scores.scorecard(inspection: inspection.id).1
            #expect(published.sections.map(\.band) == before.sections.map(\.band), "the stored card carries the decision")
            await #expect(throws: StoreError.publishedInspection) {
                try await store.scores.decideRating(inspection: inspection.id, level: .section, scoreID: scored.id, label: scored.computedBand ?? "",
                                             reason: "after publication", actor: "lead")
            }
            await #expect(throws: StoreError.publishedInspection) {
                try await store.scores.withdrawRating(inspection: inspection.id, level: .section, scoreID: scored.id, reason: "after", actor: "lead")
            }
            // Underneath the store's check, the database refuses too.
            await #expect(throws: StoreError.publishedInspection) {
                try await store.transaction { db in
                    try await db.raw("DELETE FROM rating_decisions WHERE inspection_id = \(bind: inspection.id)").run()
                }
            }
            #expect(try await store.scores.ratingDecisions(inspection: inspection.id).map(\.label) == [other])
        }
    }
}
