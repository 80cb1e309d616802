import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import YJICore
import YJIStore
@testable import YJIWeb

/// Allocating again, redrawing the sample and replacing a case first show what would change, and change anything only
/// when that very preview is confirmed.
@Suite("Bulk changes ask first")
struct BulkConfirmTests {
    /// The preview's fingerprint from its confirmation form.
    static func fingerprint(in html: String) -> String? {
        guard let range = html.range(of: #"name="fingerprint" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// A form post with repeated fields (several assessors), as a browser sends a form with checkboxes.
    static func post(_ client: any TestClientProtocol, _ session: WebSession, _ uri: String, _ pairs: [(String, String)]) async throws -> TestResponse {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = ([("csrf", session.csrf)] + pairs)
            .map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
        return try await client.execute(uri: uri, method: .post, headers: session.headers.merging(contentType: "application/x-www-form-urlencoded"),
                                        body: ByteBuffer(string: body))
    }

    static let leadAndInspector = [("assessor", "lead@demo.yji.invalid"), ("assessor", "inspector@demo.yji.invalid"), ("slots_per_day", "4")]

    @Test func allocatingAgainListsTheMovesChangesNothingAndRefusesAStaleConfirmation() async throws {
        try await WebFixture.with { fixture, client in
            let store = fixture.store
            let cci = try await fixture.inspectionID("cci")
            let lead = try await WebSession.demo(client, .leadInspector)
            let before = try #require(try await store.sampling.allocation(inspection: cci))
            // The team as the page builds it from the chosen people (team order decides ties in the allocation).
            let twoOfThree = try await store.accounts.memberships(inspection: cci).filter { $0.role != .localAssessor }
                .compactMap(SamplingController.teamMember)
            #expect(twoOfThree.map(\.name).sorted() == ["Demo Inspector", "Demo Lead Inspector"])
            let (_, expected) = try await store.sampling.allocationPreview(inspection: cci, team: twoOfThree, slotsPerDay: 4)

            // Without the local assessor: the preview lists every move and the assessed cases that would move.
            let preview = try await Self.post(client, lead, "/inspections/\(cci)/allocation", Self.leadAndInspector)
            #expect(preview.status == .ok)
            let html = Web.body(preview)
            #expect(html.contains("Check the changes before allocating again"))
            #expect(html.contains("No longer assessing: Demo Local Assessor."))
            #expect(html.contains("Cases that move to another assessor (\(expected.moves.count))"))
            for move in expected.moves {
                #expect(html.contains("<th scope=\"row\">\(move.caseID)</th><td>\(move.assessorBefore!)</td><td>\(move.assessorAfter!)</td>"))
            }
            #expect(!expected.startedWorkMoving.isEmpty, "the demo's assessed cases are shared differently between two")
            #expect(html.contains("Work already started would move"))
            for started in expected.startedWorkMoving { #expect(html.contains("<li>\(started.caseID) (assessed): moves from ")) }
            #expect(html.contains(#"name="confirm" value="yes""#))
            #expect(try await store.sampling.allocation(inspection: cci) == before, "a preview changes nothing")
            let seen = try #require(Self.fingerprint(in: html))
            #expect(seen == expected.fingerprint)

            // Someone reassigns a case in between: the confirmation is refused, shown again, and nothing changes.
            let reassigned = try #require(before.allocations.first { $0.assessor == "Demo Local Assessor" })
            _ = try await store.sampling.reassign(inspection: cci, caseID: reassigned.caseID, to: "Demo Inspector", because: "on leave", actor: "lead@demo.yji.invalid")
            let afterReassign = try await store.sampling.allocation(inspection: cci)
            let stale = try await Self.post(client, lead, "/inspections/\(cci)/allocation",
                                            Self.leadAndInspector + [("confirm", "yes"), ("fingerprint", seen)])
            #expect(stale.status == .conflict)
            let staleHTML = Web.body(stale)
            #expect(staleHTML.contains("changed after you checked, so nothing has been changed"))
            #expect(staleHTML.contains("Check the changes before allocating again"))
            #expect(try await store.sampling.allocation(inspection: cci) == afterReassign)
            let fresh = try #require(Self.fingerprint(in: staleHTML))
            #expect(fresh != seen)

            // The fresh preview confirms: one audit row per case that moved, with assessors and slots before and after.
            let mark = try await store.inspections.auditTrail(inspection: cci).count
            let (proposed, changes) = try await store.sampling.allocationPreview(inspection: cci, team: twoOfThree, slotsPerDay: 4)
            let confirmed = try await Self.post(client, lead, "/inspections/\(cci)/allocation",
                                                Self.leadAndInspector + [("confirm", "yes"), ("fingerprint", fresh)])
            #expect(confirmed.status == .seeOther)
            #expect(confirmed.headers[.location] == "/inspections/\(cci)/allocation?changed=1")
            #expect(try await store.sampling.allocation(inspection: cci) == proposed)
            let rows = try await store.inspections.auditTrail(inspection: cci).dropFirst(mark).filter { $0.entity == "allocation" && $0.entityID != String(cci) }
            #expect(rows.count == changes.changes.count)
            for move in changes.moves {
                let row = try #require(rows.first { $0.entityID == move.caseID })
                #expect(row.actor == "lead@demo.yji.invalid")
                let was = try JSONDecoder().decode(CaseAllocation.self, from: Data(try #require(row.before).utf8))
                let now = try JSONDecoder().decode(CaseAllocation.self, from: Data(try #require(row.after).utf8))
                #expect((was.assessor, now.assessor) == (move.assessorBefore!, move.assessorAfter!))
                #expect(was.interview == move.interviewBefore && now.interview == move.interviewAfter)
            }
            let page = Web.body(try await lead.get(client, "/inspections/\(cci)/allocation?changed=1"))
            #expect(page.contains("Each case that moved or changed interview is in the audit trail"))

            // A made-up fingerprint is refused the same way.
            let forged = try await Self.post(client, lead, "/inspections/\(cci)/allocation",
                                             [("assessor", "lead@demo.yji.invalid"), ("slots_per_day", "4"), ("confirm", "yes"), ("fingerprint", "0")])
            #expect(forged.status == .conflict)
            #expect(try await store.sampling.allocation(inspection: cci) == proposed)
        }
    }

    /// A new CCI with a caseload, a drawn sample and the demo lead on its team, through the store.
    static func sampledInspection(_ store: Store) async throws -> (Int, Sample) {
        let (framework, yaml) = try FrameworkCatalog.resolveWithSource("cci")
        let inspection = try await store.inspections.createInspection(
            NewInspection(areaName: "Redrawbury (synthetic)", framework: framework, fieldworkStart: "2026-12-07", fieldworkEnd: "2026-12-11"),
            frameworkYAML: yaml, actor: "setup")
        let asOf = CalendarDate(year: 2026, month: 11, day: 20)!
        try await store.sampling.importCaseload(inspection: inspection.id, csv: CaseloadFile.write(SyntheticCaseload.make(count: 160, seed: 4, asOf: asOf)),
                                       file: "caseload.csv", actor: "setup")
        _ = try await store.accounts.addMember(inspection: inspection.id, email: "lead@demo.yji.invalid", role: .leadInspector, actor: "setup")
        return (inspection.id, try await store.sampling.drawSample(inspection: inspection.id, asOf: asOf, size: nil, seed: 4, actor: "setup"))
    }

    @Test func aRedrawListsTheCasesLeavingAndJoiningAndNeedsAFreshConfirmation() async throws {
        try await WebFixture.with { fixture, client in
            let store = fixture.store
            let (id, sample) = try await Self.sampledInspection(store)
            let lead = try await WebSession.demo(client, .leadInspector)
            let form = ["as_of": "2026-11-20", "size": "", "seed": "5"]

            // The same date, size and seed draw the same sample: the page says so and offers nothing to confirm.
            let same = Web.body(try await lead.post(client, "/inspections/\(id)/sample", ["as_of": "2026-11-20", "size": "", "seed": "4"]))
            #expect(same.contains("Nothing would change: this caseload date, size and seed draw exactly the sample you already have."))
            #expect(!same.contains(#"name="confirm""#))

            let preview = try await lead.post(client, "/inspections/\(id)/sample", form)
            #expect(preview.status == .ok)
            let html = Web.body(preview)
            let (proposed, changes) = try await store.sampling.samplePreview(inspection: id, asOf: CalendarDate(year: 2026, month: 11, day: 20)!,
                                                                     size: nil, seed: 5)
            #expect(html.contains("Check the changes before drawing the sample again"))
            #expect(html.contains("Leaving the sample (\(changes.leaving.count))") && html.contains("Joining the sample (\(changes.joining.count))"))
            #expect(html.contains("None of the \(changes.leaving.count) cases leaving has a judgement yet."))
            for leaving in changes.leaving { #expect(html.contains("<th scope=\"row\">\(leaving.caseID)</th>")) }
            for joining in changes.joining { #expect(html.contains("<th scope=\"row\">\(joining.caseID)</th>")) }
            #expect(try await store.sampling.sample(inspection: id) == sample, "a preview changes nothing")
            let seen = try #require(Self.fingerprint(in: html))

            // The sample changes in between (a replacement): the redraw's confirmation is refused and shown again.
            _ = try await store.sampling.replaceSampledCase(inspection: id, caseID: sample.selected[0].caseID, because: "transferred", actor: "setup")
            let changed = try await store.sampling.sample(inspection: id)
            var confirm = form
            confirm["confirm"] = "yes"
            confirm["fingerprint"] = seen
            let stale = try await lead.post(client, "/inspections/\(id)/sample", confirm)
            #expect(stale.status == .conflict)
            #expect(Web.body(stale).contains("changed after you checked, so nothing has been changed"))
            #expect(try await store.sampling.sample(inspection: id) == changed)

            let mark = try await store.inspections.auditTrail(inspection: id).count
            let (_, now) = try await store.sampling.samplePreview(inspection: id, asOf: CalendarDate(year: 2026, month: 11, day: 20)!, size: nil, seed: 5)
            confirm["fingerprint"] = try #require(Self.fingerprint(in: Web.body(stale)))
            let done = try await lead.post(client, "/inspections/\(id)/sample", confirm)
            #expect(done.status == .seeOther)
            #expect(try await store.sampling.sample(inspection: id)?.caseIDs == proposed.caseIDs)
            let rows = try await store.inspections.auditTrail(inspection: id).dropFirst(mark).filter { $0.entity == "case" }
            #expect(Set(rows.filter { $0.action == "delete" }.map(\.entityID)) == Set(now.leaving.map(\.caseID)))
            #expect(Set(rows.filter { $0.action == "create" }.map(\.entityID)) == Set(now.joining.map(\.caseID)))
        }
    }

    @Test func aReplacementShowsTheCaseLeavingAndTheOneJoiningFirst() async throws {
        try await WebFixture.with { fixture, client in
            let store = fixture.store
            let (id, sample) = try await Self.sampledInspection(store)
            let lead = try await WebSession.demo(client, .leadInspector)
            let out = sample.selected[2]
            let expected = try sample.replacing(out.caseID, because: "case manager on long leave")
            let into = try #require(expected.caseIDs.first { !sample.caseIDs.contains($0) })

            let preview = try await lead.post(client, "/inspections/\(id)/sample/replace", ["case": out.caseID, "reason": "case manager on long leave"])
            #expect(preview.status == .ok)
            let html = Web.body(preview)
            #expect(html.contains("Check the replacement"))
            #expect(html.contains("Confirm: replace \(out.caseID) with \(into)"))
            #expect(html.contains("The case leaving has no judgement yet."))
            #expect(html.contains("Leaving the sample (1)") && html.contains("Joining the sample (1)"))
            #expect(html.contains("replaces \(out.caseID) (case manager on long leave)"))
            #expect(try await store.sampling.sample(inspection: id) == sample)

            let fields = ["case": out.caseID, "reason": "case manager on long leave", "confirm": "yes"]
            var stale = fields
            stale["fingerprint"] = "ffffffffffffffff"
            let refused = try await lead.post(client, "/inspections/\(id)/sample/replace", stale)
            #expect(refused.status == .conflict)
            #expect(try await store.sampling.sample(inspection: id) == sample)

            var confirm = fields
            confirm["fingerprint"] = try #require(Self.fingerprint(in: html))
            let mark = try await store.inspections.auditTrail(inspection: id).count
            let done = try await lead.post(client, "/inspections/\(id)/sample/replace", confirm)
            #expect(done.status == .seeOther)
            #expect(try await store.sampling.sample(inspection: id) == expected)
            let rows = try await store.inspections.auditTrail(inspection: id).dropFirst(mark).filter { $0.entity == "case" }
            #expect(rows.map { "\($0.action) \($0.entityID)" } == ["delete \(out.caseID)", "create \(into)"])
            #expect(Web.body(try await lead.get(client, "/inspections/\(id)/sample?changed=replaced")).contains("The case is replaced."))
        }
    }
}
