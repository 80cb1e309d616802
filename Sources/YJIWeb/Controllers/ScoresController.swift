import Foundation
import Hummingbird
import YJICore
import YJIStore

/// The scores dashboard: the scoring summary table, charts, and each question's counts by setting; each rated score's
/// proposed (computed) label beside the label people set, and the lead inspector's form for deciding a label.
struct ScoresController {
    let services: WebServices
    let scores: ScoreRepository

    struct ScoreRow {
        let level: String
        let id: String
        let name: String
        let counts: String
        let percent: String
        let band: String
        let isHeadline: Bool
        let isSection: Bool
        /// Where people may set another label: that the label shown is the score's proposal, or, once decided, what the
        /// proposal was; nil otherwise.
        let proposal: String?
        /// Who set the label in force and why ("decided by ... on ...: ..."); nil when it is the computed one.
        let judgement: String?
        /// The label in force was computed across a cut-off yji inferred rather than read in a report.
        let restsOnInference: Bool
    }

    /// A cut-off some label on the page rests on, with what the inference rests on.
    struct CutOffNote {
        let label: String
        let from: Int
        let source: String
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

    /// A lead inspector's decision in force, with the form that returns the score to its proposal.
    struct DecisionRow {
        let key: String
        let name: String
        let label: String
        let proposal: String
        let reason: String
        let decidedBy: String
        let decidedAt: String
        let fieldID: String
    }

    struct ScoresPage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let errors: [FieldError]
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
        /// Whether any score here has a label people may set instead of the computed one.
        let hasProposals: Bool
        /// The inferred cut-offs that the computed labels on the page rest on, lowest first.
        let cutOffNotes: [CutOffNote]
        /// Where the criterion numbers are yji's own rather than the reports', what they rest on.
        let numberingNote: String?
        /// The lead inspector (or an administrator) on an unpublished inspection: the decision forms are shown.
        let mayDecide: Bool
        let decisions: [DecisionRow]
        let scoreChoices: [Choice]
        let labelChoices: [Choice]
        let reason: String
    }

    func addRoutes(to router: Router<WebContext>, inspection: RouterGroup<WebContext>) {
        inspection.get("scores") { request, context in
            let (inspection, access, _) = try context.inspection()
            guard access.maySeeScores else { throw WebError.forbidden }
            let notice = request.uri.queryParameters.get("saved") != nil ? "Saved." : nil
            return try await page(context, inspection, access, notice: notice, errors: [], status: .ok)
        }
        // The lead inspector signs the report off, so the lead decides a label in place of the proposal (or withdraws
        // a decision); `action` says which, so the form works without JavaScript.
        inspection.post("scores/ratings") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayPublishReport else { throw WebError.forbidden }
            let form = context.form
            let reason = form["reason"] ?? ""
            guard let (level, scoreID) = Self.scoreKey(form["score"] ?? "") else {
                return try await page(context, inspection, access, errors: [FieldError(field: "rating-score", message: "Choose the score to decide")],
                                      status: .unprocessableContent)
            }
            do {
                if form["action"] == "withdraw" {
                    let field = "withdraw-reason-\(level.rawValue)-\(scoreID)"
                    guard !reason.allSatisfy(\.isWhitespace) else {
                        return try await page(context, inspection, access,
                                              errors: [FieldError(field: field, message: "Say why the proposed label should stand again")],
                                              status: .unprocessableContent)
                    }
                    guard try await scores.withdrawRating(inspection: inspection.id, level: level, scoreID: scoreID,
                                                                  reason: reason, actor: user.email) else {
                        return try await page(context, inspection, access,
                                              errors: [FieldError(field: field, message: "There is no decision on \(level.rawValue) \(scoreID) to withdraw")],
                                              status: .unprocessableContent)
                    }
                } else {
                    try await scores.decideRating(inspection: inspection.id, level: level, scoreID: scoreID,
                                                          label: form["label"] ?? "", reason: reason, actor: user.email)
                }
            } catch StoreError.invalidField(let field, let message) {
                // Beside its own field the message needs no field name: the field's label says it.
                return try await page(context, inspection, access, errors: [FieldError(field: "rating-\(field)", message: message)],
                                      status: .unprocessableContent)
            } catch let error as StoreError {
                return try await page(context, inspection, access, errors: try FieldErrors.from(error, field: "rating-score"),
                                      status: .unprocessableContent)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/scores?saved=1#ratings", type: .normal)
        }
    }

    /// Where a framework's criterion numbers are yji's own grouping rather than the reports' (SQS, FJI), what they
    /// rest on, for every page that prints them; nil where the reports print the numbers.
    static func numberingNote(_ framework: Framework) -> String? {
        framework.criterionNumbering.flatMap { $0.kind == .published ? nil : "Criterion numbers are yji's own, not the reports': \($0.source)" }
    }

    /// "section:1" as the form sends it.
    static func scoreKey(_ text: String) -> (ScoreLevel, String)? {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let level = ScoreLevel(rawValue: parts[0]), level != .question, !parts[1].isEmpty else { return nil }
        return (level, parts[1])
    }

    /// Who set a label and why, beside the label: "decided by lead@example on 2026-12-07: ..." for a lead
    /// inspector's decision, "from the finding recorded by ...: ..." for a judged section.
    static func judgementWords(_ score: Score) -> String? {
        guard let rating = score.override else { return nil }
        let who = rating.by.isEmpty ? "" : " by \(rating.by)"
        let when = rating.at.map { " on \($0.prefix(10))" } ?? ""
        let how = rating.source == .decision ? "decided" : "from the finding recorded"
        return "\(how)\(who)\(when): \(rating.reason)"
    }

    private func page(_ context: WebContext, _ inspection: Inspection, _ access: InspectionAccess, notice: String? = nil,
                      errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let (framework, card) = try await scores.scorecard(inspection: inspection.id)
        func proposable(_ score: Score) -> Bool {
            guard let scale = framework.ratingScale(for: score.level) else { return false }
            return scale.overridable && !score.judged && score.percent != nil
        }
        // A person's decision stands on its reason; only a computed label rests on the cut-offs around it.
        func inferredCutOffs(_ score: Score) -> [RatingBand] {
            guard score.override == nil, let label = score.band, let scale = framework.ratingScale(for: score.level) else { return [] }
            return scale.cutOffs(bounding: label).filter { $0.provenance?.kind == .inferred }
        }
        func row(_ score: Score) -> ScoreRow {
            // Headline themes have word ids ("roh"); their name says what they are, so only the level is shown.
            ScoreRow(level: score.level.rawValue.capitalized, id: score.level == .headline ? "" : score.id, name: score.name,
                     counts: score.judged ? "judged" : "\(score.sufficient) of \(score.applicable)",
                     percent: score.percent.map { "\($0)%" } ?? "–",
                     // A judged item is "not yet judged" only where its level carries a label at all.
                     band: score.labelDescription ?? (score.judged && framework.ratingScale(for: score.level) != nil ? "not yet judged" : "–"),
                     isHeadline: score.level == .headline, isSection: score.level == .section,
                     proposal: !proposable(score) ? nil : score.override?.source == .decision
                         ? "proposed from the score: \(score.computedBand ?? "–")" : "proposed from the score",
                     judgement: Self.judgementWords(score),
                     restsOnInference: !inferredCutOffs(score).isEmpty)
        }
        var summary = card.headlines.map(row)
        var ordered = card.headlines
        for section in framework.sections {
            if let score = card.score(.section, section.id) { summary.append(row(score)); ordered.append(score) }
            let criteria = framework.criteria(inSection: section.id).compactMap { card.score(.criterion, $0.id) }
            summary += criteria.map(row)
            ordered += criteria
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
        var notes: [CutOffNote] = []
        for band in ordered.flatMap(inferredCutOffs) where !notes.contains(where: { $0.label == band.label && $0.from == band.from }) {
            notes.append(CutOffNote(label: band.label, from: band.from, source: band.provenance?.source ?? ""))
        }
        notes.sort { $0.from < $1.from }
        let fingerprint = card.criteria.map { "\($0.sufficient)/\($0.applicable)" }.joined(separator: ",")
        let form = context.form
        let decided = ordered.filter { $0.override?.source == .decision }
        let choosable = ordered.filter(proposable)
        let labels = framework.ratingScales.filter(\.overridable).flatMap { $0.bands.map(\.label) }
        func heading(_ score: Score) -> String { score.level == .headline ? score.name : "\(score.id) \(score.name)" }
        return services.pages.render("scores", ScoresPage(
            chrome: .inspection("Scores", inspection, access, context, notice: notice),
            inspection: InspectionSummary(inspection), errors: errors, cases: card.cases, custody: card.custodyCases,
            community: card.communityCases, summary: summary, chart: ScoreChart.svg(card.criteria, title: "Criterion scores, percent"),
            breakdown: breakdown, unanswered: unanswered, stillOpen: unanswered > 0, fingerprint: fingerprint,
            planHref: access.mayReadPlan && inspection.status == .published ? "/inspections/\(inspection.id)/plan" : nil,
            hasProposals: !choosable.isEmpty, cutOffNotes: notes,
            numberingNote: Self.numberingNote(framework),
            mayDecide: access.mayPublishReport && inspection.status != .published,
            decisions: decided.map { score in
                DecisionRow(key: "\(score.level.rawValue):\(score.id)", name: "\(score.level.rawValue.capitalized) \(heading(score))",
                            label: score.band ?? "", proposal: score.computedBand ?? "–", reason: score.override?.reason ?? "",
                            decidedBy: score.override?.by ?? "", decidedAt: String((score.override?.at ?? "").prefix(10)),
                            fieldID: "withdraw-reason-\(score.level.rawValue)-\(score.id)")
            },
            scoreChoices: choosable.map { score in
                let key = "\(score.level.rawValue):\(score.id)"
                return Choice(value: key, label: "\(score.level.rawValue.capitalized) \(heading(score)) (proposed: \(score.computedBand ?? "–"))",
                              selected: form["score"] == key)
            },
            labelChoices: labels.enumerated().filter { labels.firstIndex(of: $0.element) == $0.offset }.map(\.element).map {
                Choice(value: $0, label: $0, selected: form["label"] == $0)
            },
            reason: form["action"] == "withdraw" ? "" : form["reason"] ?? ""), status: status)
    }
}
