import Foundation
import Testing
import YJICore

/// `yji plan` as a user runs it on the demo database: the published SQS's plan as text and JSON, the overdue flags on
/// the day asked about, and the refusal for an inspection not yet published.
@Suite("yji plan")
struct PlanCommandLineTests {
    @Test func theDemoPlanPrintsWithItsOverdueAction() throws {
        let folder = try TemporaryFolder()
        let database = folder.path("demo.sqlite")
        let demo = try YJIProcess.run(["demo", "--no-serve", "--database", database])
        #expect(demo.status == 0, "\(demo.stderr)")
        func plan(_ arguments: [String]) throws -> YJIProcess.Result {
            try YJIProcess.run(["plan"] + arguments + ["--database", database])
        }

        // The published SQS is the demo's first inspection.
        let text = try plan(["--inspection", "1"])
        #expect(text.status == 0, "\(text.stderr)")
        for part in ["Improvement plan: Examplebury (synthetic) SQS (inspection 1)",
                     "Published 2026-07-08; the plan is due by 2026-08-05 and was received on 2026-08-03",
                     "1. what the court was told in person is recorded on the case file (Head of Service)",
                     "   - [done] Synthetic action: remind court officers",
                     "   - [not started] Synthetic action: refresh every case manager",
                     "; OVERDUE by 14 days",
                     "(evidence: https://example.invalid/synthetic/review-prompt)",
                     "3 actions, 1 overdue (1 done, 1 in progress, 1 not started)"] {
            #expect(text.stdout.contains(part), "yji plan prints \(part)")
        }
        #expect(text.stdout.components(separatedBy: "OVERDUE").count == 2, "exactly one action is overdue")

        // On a day before any due date nothing is overdue.
        let early = try plan(["--inspection", "1", "--as-of", "2026-08-01"])
        #expect(early.status == 0 && !early.stdout.contains("OVERDUE"))

        let json = try plan(["--inspection", "1", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["planDue"] as? String == "2026-08-05")
        let counts = try #require(document["counts"] as? [String: Int])
        #expect(counts["actions"] == 3 && counts["overdue"] == 1 && counts["done"] == 1)
        let recommendations = try #require(document["recommendations"] as? [[String: Any]])
        #expect(recommendations.map { $0["responsible"] as? String } == ["Head of Service", "Head of Service"])
        let actions = recommendations.flatMap { ($0["actions"] as? [[String: Any]]) ?? [] }
        #expect(actions.filter { $0["overdue"] as? Bool == true }.map { $0["status"] as? String } == ["not-started"])

        // The demo's CCI is in fieldwork: it has no plan yet, which is bad input (65), not a crash.
        let unpublished = try plan(["--inspection", "3"])
        #expect(unpublished.status == 65)
        #expect(unpublished.stderr.contains("not published"))
        #expect(try plan(["--inspection", "1", "--as-of", "yesterday"]).stderr.contains("is not a date"))
        #expect(try plan(["--inspection", "1", "--format", "csv"]).status != 0)
    }
}
