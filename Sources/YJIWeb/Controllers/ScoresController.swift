import Foundation
import Hummingbird
import YJICore
import YJIStore

/// The scores dashboard: the scoring summary table, charts, and each question's counts by setting.
struct ScoresController {
    let services: WebServices

    struct ScoreRow {
        let level: String
        let id: String
        let name: String
        let counts: String
        let percent: String
        let band: String
        let bandClass: String
        let isHeadline: Bool
        let isSection: Bool
    }

    struct QuestionRow {
        let id: String
        let text: String
        let all: String
        let custody: String
        let community: String
    }

    struct CriterionQuestions {
        let id: String
        let name: String
        let questions: [QuestionRow]
    }

    struct ScoresPage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let cases: Int
        let custody: Int
        let community: Int
        let summary: [ScoreRow]
        let chart: String
        let breakdown: [CriterionQuestions]
        let unanswered: Int
        let stillOpen: Bool
        let fingerprint: String
        /// The improvement plan, linked for whoever may read it once the report is published: for a service viewer this
        /// page is where their service's inspection opens.
        let planHref: String?
    }

    func addRoutes(to router: Router<WebContext>) {
        router.get("/inspections/{inspection}/scores") { _, context in
            let (inspection, access, _) = try await services.inspection(context)
            guard access.maySeeScores else { throw WebError.forbidden }
            let (framework, card) = try await services.store.scorecard(inspection: inspection.id)
            func row(_ score: Score) -> ScoreRow {
                // Headline themes have word ids ("roh"); their name says what they are, so only the level is shown.
                ScoreRow(level: score.level.rawValue.capitalized, id: score.level == .headline ? "" : score.id, name: score.name,
                         counts: score.judged ? "judged" : "\(score.sufficient) of \(score.applicable)",
                         percent: score.percent.map { "\($0)%" } ?? "–", band: score.band ?? "–",
                         bandClass: ScoreChart.bandClass(score.band), isHeadline: score.level == .headline, isSection: score.level == .section)
            }
            var summary = card.headlines.map(row)
            for section in framework.sections {
                if let score = card.score(.section, section.id) { summary.append(row(score)) }
                summary += framework.criteria(inSection: section.id).compactMap { card.score(.criterion, $0.id) }.map(row)
            }
            func counts(_ tally: Tally) -> String {
                tally.applicable == 0 ? "–" : "\(tally.sufficient) of \(tally.applicable) (\(tally.percent ?? 0)%)"
            }
            let breakdown = framework.criteria.map { criterion in
                CriterionQuestions(id: criterion.id, name: criterion.name, questions: framework.questions(inCriterion: criterion.id)
                    .filter(\.isScored).compactMap { card.question($0.id) }
                    .map { QuestionRow(id: $0.id, text: $0.name, all: counts($0.all), custody: counts($0.custody), community: counts($0.community)) })
            }.filter { !$0.questions.isEmpty }
            let unanswered = card.questions.filter { framework.question($0.id)?.isScored ?? false }.reduce(0) { $0 + $1.all.unanswered }
            let fingerprint = card.criteria.map { "\($0.sufficient)/\($0.applicable)" }.joined(separator: ",")
            return services.pages.render("scores", ScoresPage(
                chrome: PageChrome(title: "Scores", context: context,
                                   breadcrumbs: [("Inspections", "/inspections")] + (access.maySeeTaskList
                                       ? [(InspectionSummary(inspection).title, "/inspections/\(inspection.id)")] : []),
                                   section: "inspections"),
                inspection: InspectionSummary(inspection), cases: card.cases, custody: card.custodyCases, community: card.communityCases,
                summary: summary, chart: ScoreChart.svg(card.criteria, title: "Criterion scores, percent"), breakdown: breakdown,
                unanswered: unanswered, stillOpen: unanswered > 0, fingerprint: fingerprint,
                planHref: access.mayReadPlan && inspection.status == .published ? "/inspections/\(inspection.id)/plan" : nil))
        }
    }
}
