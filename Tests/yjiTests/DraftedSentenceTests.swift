import Foundation
import Testing
import YJICore

/// The demo's three drafted reports (SQS letter, FJI and CCI reports), read sentence by sentence as a person would
/// read them after `yji demo` and `yji report --format md`: no sentence may take a form on the bad-forms list
/// (`DraftedSentenceCheck.badForms`).
@Suite("Drafted sentences read like the reports")
struct DraftedSentenceTests {
    /// The demo database's reports in Markdown, by inspection id.
    static func demoReports() throws -> [Int: String] {
        let folder = try TemporaryFolder()
        let database = folder.path("demo.sqlite")
        let demo = try YJIProcess.run(["demo", "--no-serve", "--database", database])
        #expect(demo.status == 0, "\(demo.stderr)")
        var reports: [Int: String] = [:]
        for id in 1...3 {
            let markdown = try YJIProcess.run(["report", "--inspection", String(id), "--format", "md", "--database", database])
            #expect(markdown.status == 0, "\(markdown.stderr)")
            reports[id] = markdown.stdout
        }
        return reports
    }

    @Test func noDraftedSentenceTakesABadForm() throws {
        let reports = try Self.demoReports()
        let programmes = reports.values.map { String($0.prefix { $0 != "\n" }) }
        for title in ["Short Quality Screening", "Full Joint Inspection", "Core Case Inspection"] {
            #expect(programmes.contains { $0.contains(title) }, "the demo drafts a \(title) report: \(programmes)")
        }
        for (id, markdown) in reports.sorted(by: { $0.key < $1.key }) {
            let sentences = DraftedSentenceCheck.sentences(of: markdown)
            #expect(sentences.count > 50, "inspection \(id) drafts whole reports")
            #expect(DraftedSentenceCheck.problems(in: markdown) == [], "inspection \(id)")
        }
    }

    @Test func theCheckFindsEachBadForm() {
        let examples = [
            "Custodial planning was sufficient in only no case.",
            "Only four of the seven cases of risk management plans were completed on time.",
            "The plan was on time in the one cases.",
            "Fieldwork took place from 16 November 2026 to 20 November 2026.",
            "The plan was sufficient in [[q:rmp:proportion]].",
            "Score: no applicable cases%.",
            "The plan was in in place.",
            "Where fewer than twenty cases applied, findings quote the count.",
            "Overall, governance and partnerships was judged not rated.",
            "This letter sets out the findings of the recent Short Quality Screening inspection, carried out on 8 to 10 June 2026.",
            "The one who were worried about their safety said the service had paid enough attention to it.",
            "Cases that met the MAPPA criteria were correctly identified in all five cases.",
        ]
        #expect(examples.count == DraftedSentenceCheck.badForms.count)
        for (example, form) in zip(examples, DraftedSentenceCheck.badForms) {
            #expect(DraftedSentenceCheck.problems(in: example, forms: [form]).count == 1, "\(form.reason)")
        }
        // The repaired forms pass.
        #expect(DraftedSentenceCheck.problems(in: """
            - **(6)** Only four of the seven risk management plans were completed on time.
            - **3.5** Custodial planning for safety and well-being was sufficient in no case.
            Fieldwork took place from 16 to 20 November 2026, and inspectors examined 38 cases.
            This letter sets out the findings of the recent inspection, carried out from 8 to 10 June 2026.
            Of those who had been worried about their safety, all three said the service had paid enough attention to it.
            Children who met the MAPPA criteria were correctly identified in all five cases.
            """) == [])
    }
}
