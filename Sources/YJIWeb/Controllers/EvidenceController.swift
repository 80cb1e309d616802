import Foundation
import Hummingbird
import YJICore
import YJIStore

/// The inspection's evidence beyond case files: questionnaire results, staff interviews, the area's contextual
/// indicators, structured findings (governance, operational management) and practice examples and quotes.
struct EvidenceController {
    let services: WebServices
    let evidence: EvidenceRepository

    struct QuestionnaireSection {
        let id: String
        let title: String
        let responses: Int
        let sentences: [String]
        let linksIssued: Int
        let linksUsed: Int
        let byLink: Bool
        let isStaff: Bool
        /// Respondents' free-text comments, oldest first; children's and victims' may be quoted in the report.
        let comments: [CommentView]
        let commentCount: Int
    }

    /// One comment as the evidence page lists it, with its quote in the report (or the form to quote it).
    struct CommentView {
        let responseID: Int
        let questionnaireID: String
        let text: String
        let submittedOn: String
        let quotable: Bool
        let quoted: Bool
        /// The quote's text, or the comment's as a first draft of it.
        let quoteText: String
        let namesChanged: Bool
        let error: String?
    }

    struct FindingView {
        let area: String
        let judgement: String
        let keyFindings: [String]
        let explanation: [String]
        let notablePractice: [String]
        let documents: [String]
    }

    struct ExampleView {
        let id: Int
        let area: String
        let kind: String
        let text: String
        let namesChanged: Bool
    }

    struct EvidencePage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let errors: [FieldError]
        let mayManage: Bool
        let questionnaires: [QuestionnaireSection]
        let indicatorSentences: [String]
        let indicatorPeriod: String
        let findings: [FindingView]
        let examples: [ExampleView]
    }

    func addRoutes(to router: Router<WebContext>, inspection: RouterGroup<WebContext>) {
        addQuoteRoute(to: inspection)
        inspection.get("evidence") { _, context in
            let (inspection, access, _) = try context.inspection()
            guard access.maySeeAllCases else { throw WebError.forbidden }
            return try await page(context, inspection, access, errors: [], status: .ok)
        }
        inspection.post("evidence/indicators") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayManage else { throw WebError.forbidden }
            // The form carries the same columns as the indicators CSV, so one reader checks both.
            let columns = ContextualIndicatorFile.columns
            let values = columns.map { column in column == "area" ? inspection.area.name : (context.form[column] ?? "") }
            let csv = columns.joined(separator: ",") + "\n" + values.map(Self.csvField).joined(separator: ",") + "\n"
            do {
                try await evidence.importIndicators(csv: csv, file: "the form", actor: user.email)
            } catch let error as StoreError {
                return try await page(context, inspection, access, errors: FieldErrors.from(error, field: "period"),
                                      status: .unprocessableContent)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/evidence#indicators", type: .normal)
        }
        inspection.post("evidence/findings") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.maySeeAllCases else { throw WebError.forbidden }
            let form = context.form
            guard let area = EvidenceArea(form["area"] ?? "") else {
                return try await page(context, inspection, access, errors: [FieldError(field: "finding-area", message: "Choose what the finding is about")],
                                      status: .unprocessableContent)
            }
            var documents: [EvidenceDocument] = []
            if let title = form["document_title"], !title.isEmpty {
                guard let date = CalendarDate.parse(form["document_date"] ?? "") else {
                    return try await page(context, inspection, access,
                                          errors: [FieldError(field: "document_date", message: "Enter the document's date as YYYY-MM-DD")],
                                          status: .unprocessableContent)
                }
                documents.append(EvidenceDocument(title: title, date: date, providedBy: form["document_provided_by"] ?? ""))
            }
            let finding = StructuredFinding(area: area, judgement: (form["judgement"] ?? "").isEmpty ? nil : form["judgement"],
                                            keyFindings: Self.lines(form["key_findings"]), explanation: Self.lines(form["explanation"]),
                                            notablePractice: Self.lines(form["notable_practice"]), documents: documents)
            do {
                try await evidence.addFinding(inspection: inspection.id, finding, actor: user.email)
            } catch let error as StoreError {
                return try await page(context, inspection, access, errors: FieldErrors.from(error, field: "key_findings"),
                                      status: .unprocessableContent)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/evidence#findings", type: .normal)
        }
        inspection.post("evidence/examples") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.maySeeAllCases else { throw WebError.forbidden }
            let form = context.form
            guard let area = EvidenceArea(form["example_area"] ?? ""), let kind = PracticeExample.Kind(rawValue: form["kind"] ?? "") else {
                return try await page(context, inspection, access,
                                      errors: [FieldError(field: "example_area", message: "Say what the example is about and whether it is an example or a quote")],
                                      status: .unprocessableContent)
            }
            let example = PracticeExample(area: area, kind: kind, text: form["text"] ?? "", namesChanged: form["names_changed"] == "yes")
            do {
                try await evidence.addPracticeExample(inspection: inspection.id, example, actor: user.email)
            } catch let error as StoreError {
                return try await page(context, inspection, access, errors: FieldErrors.from(error, field: "text"),
                                      status: .unprocessableContent)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/evidence#examples", type: .normal)
        }
        inspection.post("evidence/examples/{example}") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.maySeeAllCases else { throw WebError.forbidden }
            guard let id = context.parameters.get("example", as: Int.self) else { throw WebError.notFound() }
            let form = context.form
            do {
                try await evidence.updatePracticeExample(inspection: inspection.id, id: id, text: form["text"] ?? "",
                                                               namesChanged: form["names_changed"] == "yes", actor: user.email)
            } catch StoreError.notFound {
                // A form left open while someone else removed the example: say so on the page rather than a bare 404.
                return try await page(context, inspection, access,
                                      errors: [FieldError(field: "examples", message: "That practice example is no longer recorded for this inspection")],
                                      status: .unprocessableContent)
            } catch let error as StoreError {
                return try await page(context, inspection, access, errors: FieldErrors.from(error, field: "example-\(id)-text"),
                                      status: .unprocessableContent)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/evidence#example-\(id)", type: .normal)
        }
    }

    /// Quotes a child's or victim's comment in the report (or edits the quote), or withdraws it. The quote is refused
    /// until someone confirms its names are changed, the same rule practice examples follow.
    func addQuoteRoute(to inspection: RouterGroup<WebContext>) {
        inspection.post("evidence/quotes") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.maySeeAllCases else { throw WebError.forbidden }
            let form = context.form
            guard let responseID = Int(form["response"] ?? ""), let questionnaireID = form["questionnaire"],
                  QuestionnaireCatalog.shippedIDs.contains(questionnaireID) else {
                return try await page(context, inspection, access,
                                      errors: [FieldError(field: "questionnaires", message: "Choose a comment to quote from the list")],
                                      status: .unprocessableContent)
            }
            let field = "quote-\(responseID)"
            do {
                if form["action"] == "withdraw" {
                    try await evidence.withdrawQuestionnaireQuote(inspection: inspection.id, responseID: responseID, actor: user.email)
                } else {
                    let quote = QuestionnaireQuote(responseID: responseID, questionnaireID: questionnaireID, text: form["text"] ?? "",
                                                   namesChanged: form["names_changed"] == "yes")
                    if let problem = Self.quoteProblem(quote) {
                        return try await page(context, inspection, access, errors: [FieldError(field: problem.field, message: problem.message)],
                                              status: .unprocessableContent, quoteDraft: quote)
                    }
                    try await evidence.quoteQuestionnaireComment(inspection: inspection.id, quote, actor: user.email)
                }
            } catch StoreError.notFound {
                return try await page(context, inspection, access,
                                      errors: [FieldError(field: "questionnaires", message: "That comment is not one of this inspection's")],
                                      status: .unprocessableContent)
            } catch let error as StoreError {
                return try await page(context, inspection, access, errors: FieldErrors.from(error, field: "\(field)-text"),
                                      status: .unprocessableContent)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/evidence#comment-\(responseID)", type: .normal)
        }
    }

    /// The first thing wrong with a quote, in the inspectors' words and with the field to fix; nil when it can be recorded.
    static func quoteProblem(_ quote: QuestionnaireQuote) -> (field: String, message: String)? {
        let field = "quote-\(quote.responseID)"
        if quote.text.allSatisfy(\.isWhitespace) { return ("\(field)-text", "Enter the words to quote") }
        if !quote.namesChanged {
            return ("\(field)-names", "Change or remove any names in the quote, then confirm it by ticking the box, before it goes in the report")
        }
        return nil
    }

    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func csvField(_ value: String) -> String {
        value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    func page(_ context: WebContext, _ inspection: Inspection, _ access: InspectionAccess, errors: [FieldError],
              status: HTTPResponse.Status, quoteDraft: QuestionnaireQuote? = nil) async throws -> Response {
        let links = try await evidence.questionnaireLinkCounts(inspection: inspection.id)
        var sections: [QuestionnaireSection] = []
        for id in QuestionnaireCatalog.shippedIDs {
            let questionnaire = try QuestionnaireCatalog.shipped(id)
            let results = QuestionnaireResults(questionnaire: questionnaire,
                                               responses: try await evidence.questionnaireResponses(inspection: inspection.id, questionnaireID: id))
            let byAnchor = Dictionary(errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
            let comments = try await evidence.questionnaireComments(inspection: inspection.id, questionnaireID: id).map { comment in
                // A refused quote is shown again as it was sent, so the edit is not lost.
                let draft = quoteDraft?.responseID == comment.responseID ? quoteDraft : nil
                let field = "quote-\(comment.responseID)"
                return CommentView(
                    responseID: comment.responseID, questionnaireID: id, text: comment.text, submittedOn: comment.submittedOn,
                    quotable: questionnaire.audience != .staff, quoted: comment.quote != nil,
                    quoteText: draft?.text ?? comment.quote?.text ?? QuestionnaireQuote.draft(of: comment.text),
                    namesChanged: draft?.namesChanged ?? comment.quote?.namesChanged ?? false,
                    error: byAnchor["\(field)-text"] ?? byAnchor["\(field)-names"])
            }
            sections.append(QuestionnaireSection(
                id: id, title: questionnaire.title, responses: results.responseCount,
                sentences: results.responseCount == 0 ? [] : results.sentences,
                linksIssued: links[id]?.issued ?? 0, linksUsed: links[id]?.used ?? 0,
                byLink: questionnaire.audience != .staff, isStaff: questionnaire.audience == .staff,
                comments: comments, commentCount: comments.count))
        }
        let indicators = try await evidence.indicators(area: inspection.area.id).first
        let findings = try await evidence.findings(inspection: inspection.id).map { finding in
            FindingView(area: Self.label(finding.area), judgement: finding.judgement ?? "", keyFindings: finding.keyFindings,
                        explanation: finding.explanation, notablePractice: finding.notablePractice,
                        documents: finding.documents.map { "\($0.title), \($0.date)" + ($0.providedBy.isEmpty ? "" : ", from \($0.providedBy)") })
        }
        let examples = try await evidence.practiceExamples(inspection: inspection.id).map {
            ExampleView(id: $0.id ?? 0, area: Self.label($0.area), kind: $0.kind == .quote ? "Quote" : "Practice example", text: $0.text, namesChanged: $0.namesChanged)
        }
        return services.pages.render("evidence", EvidencePage(
            chrome: .inspection("Other evidence", inspection, access, context),
            inspection: InspectionSummary(inspection), errors: errors, mayManage: access.mayManage, questionnaires: sections,
            indicatorSentences: indicators.map(ContextualComparison.sentences) ?? [], indicatorPeriod: indicators?.period ?? "",
            findings: findings, examples: examples), status: status)
    }

    static func label(_ area: EvidenceArea) -> String {
        switch area {
        case .governance: "Governance and partnerships"
        case .operationalManagement: "Operational management"
        case .theme(let id): "Theme \(id)"
        case .criterion(let id): "Criterion \(id)"
        }
    }
}
