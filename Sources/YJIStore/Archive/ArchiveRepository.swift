import Foundation
import SQLKit
import YJICore

/// Whole inspections as archives: export and import.
public struct ArchiveRepository: Sendable {
    let store: Store
}

extension ArchiveRepository {
    /// The whole inspection as an archive.
    public func export(inspection inspectionID: Int) async throws -> InspectionArchive {
        try await store.transaction(.read) { db in
            let inspection = try await store.inspections.inspection(db, id: inspectionID)
            guard let definition = try await db.raw("""
                SELECT definition FROM frameworks WHERE id = \(bind: inspection.frameworkID) AND version = \(bind: inspection.frameworkVersion)
                """).first()?.decode(column: "definition", as: String.self) else {
                throw StoreError.notFound("framework \(inspection.frameworkID) \(inspection.frameworkVersion) is missing from the store")
            }
            return InspectionArchive(
                format: InspectionArchive.currentFormat,
                area: .init(name: inspection.area.name, region: inspection.area.region, country: inspection.area.country),
                inspection: .init(frameworkID: inspection.frameworkID, frameworkVersion: inspection.frameworkVersion,
                                  programme: inspection.programme, fieldworkStart: inspection.fieldworkStart?.description,
                                  fieldworkEnd: inspection.fieldworkEnd?.description, status: inspection.status),
                framework: definition,
                cases: try await store.assessment.cases(db, inspection: inspectionID),
                judgements: try await store.assessment.judgements(db, inspection: inspectionID),
                evidence: try await evidencePart(db, inspection: inspection),
                report: .init(texts: try await store.reports.reportTexts(db, inspection: inspectionID),
                              recommendations: try await store.reports.recommendations(db, inspection: inspectionID),
                              protectedNames: try await store.reports.protectedNames(db, inspection: inspectionID)),
                plan: try await store.plans.planPart(db, inspection: inspection),
                timetable: try await store.lifecycle.timetablePart(db, inspection: inspectionID),
                ratings: try await store.scores.ratingDecisions(db, inspection: inspectionID).nilIfEmpty)
        }
    }

    /// Creates a new inspection from an archive, keeping judgement versions and timestamps; all or nothing.
    public func importArchive(_ archive: InspectionArchive, file: String, actor: String) async throws -> Inspection {
        let framework: Framework
        do {
            framework = try FrameworkCatalog.loadKept(yaml: archive.framework, file: "\(file) (framework)")
        } catch {
            throw StoreError.problems(error)
        }
        guard framework.id == archive.inspection.frameworkID, framework.version == archive.inspection.frameworkVersion else {
            throw StoreError.invalid("\(file): the archive's framework is \(framework.id) \(framework.version), "
                                     + "but its inspection names \(archive.inspection.frameworkID) \(archive.inspection.frameworkVersion)")
        }
        // The archive must score cleanly before anything is written, and its decisions must stand on that card.
        let card: Scorecard
        do throws(ScoringProblems) {
            card = try ScoringEngine(framework: framework).scorecard(
                cases: archive.cases,
                judgements: archive.judgements.map(\.judgement))
        } catch {
            throw StoreError.invalid("\(file): " + error.problems.map(\.description).joined(separator: "; "))
        }
        let ratings = archive.ratings ?? []
        var ratingProblems = ratings.compactMap { decision in
            InspectorsRatings.decisionProblem(level: decision.level, scoreID: decision.scoreID, label: decision.label,
                                              reason: decision.reason, framework: framework, card: card)
                .map { "rating of \(decision.level.rawValue) \(decision.scoreID): \($0.description)" }
        }
        if Set(ratings.map { "\($0.level.rawValue)/\($0.scoreID)" }).count != ratings.count {
            ratingProblems.append("a score has more than one rating decision")
        }
        if ratings.contains(where: { $0.decidedBy.isEmpty }) { ratingProblems.append("a rating decision does not say who decided") }
        guard ratingProblems.isEmpty else { throw StoreError.invalid("\(file): " + ratingProblems.joined(separator: "; ")) }
        let recommendations: [ReportRecommendation]
        let plan: InspectionArchive.PlanPart?
        do {
            recommendations = try ReportRepository.validatedRecommendations(archive.report?.recommendations ?? [])
            try Self.checkReportTexts(archive.report?.texts ?? [])
            plan = try PlanRepository.checkedPlanPart(archive.plan, status: archive.inspection.status, recommendations: recommendations)
            try LifecycleRepository.checkTimetablePart(archive.timetable, rules: framework.lifecycle)
        } catch let StoreError.invalid(message) {
            throw StoreError.invalid("\(file): \(message)")
        }
        let created = try await store.inspections.createInspection(
            NewInspection(areaName: archive.area.name, region: archive.area.region, country: archive.area.country,
                          framework: framework, fieldworkStart: archive.inspection.fieldworkStart,
                          fieldworkEnd: archive.inspection.fieldworkEnd, status: archive.inspection.status),
            frameworkYAML: archive.framework, actor: actor, lead: nil, beforeCommit: { db, inspectionID in
                for record in archive.cases {
                    try await store.assessment.insertCase(db, record, inspection: inspectionID, actor: actor, reason: "imported from \(file)")
                }
                let keys = try await store.assessment.caseKeys(db, inspection: inspectionID)
                for stored in archive.judgements {
                    _ = try await store.assessment.insertJudgement(db, stored, caseKey: keys[stored.caseID]!, inspection: inspectionID, ifAbsent: false)
                    try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "judgement",
                                         entityID: "\(stored.caseID)/\(stored.questionID)", action: "create",
                                         before: Optional<StoredJudgement>.none, after: stored, reason: "imported from \(file)")
                }
                if let evidence = archive.evidence {
                    try await insertEvidence(db, evidence, inspection: inspectionID, actor: actor, file: file)
                }
                if let report = archive.report {
                    // Versions and who last changed each block travel as they are, as judgements' do.
                    for text in report.texts {
                        try await store.reports.writeReportText(db, text, over: nil, inspection: inspectionID, actor: actor, reason: "imported from \(file)")
                    }
                    try await store.reports.replaceRecommendations(db, recommendations, inspection: inspectionID, actor: actor, reason: "imported from \(file)")
                    try await store.reports.replaceProtectedNames(db, report.protectedNames, inspection: inspectionID, actor: actor,
                                                         reason: "imported from \(file)")
                }
                if let plan {
                    try await store.plans.insertPlanPart(db, plan, inspection: inspectionID, actor: actor, file: file)
                }
                if let timetable = archive.timetable {
                    try await store.lifecycle.insertTimetablePart(db, timetable, inspection: inspectionID, actor: actor, file: file)
                }
                // Who decided, when and why travel as they are, as judgements' versions do.
                for decision in ratings {
                    try await store.scores.insertRatingDecision(db, decision, inspection: inspectionID)
                    try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "rating",
                                         entityID: "\(decision.level.rawValue)/\(decision.scoreID)", action: "create",
                                         before: Optional<RatingDecision>.none, after: decision, reason: "imported from \(file)")
                }
            })
        return created
    }
}

/// Everything about one inspection, as JSON: what `yji export --format json` writes and `yji import inspection` reads.
/// Store ids are left out, so an archive imported elsewhere exports to the same bytes.
public struct InspectionArchive: Sendable, Hashable, Codable {
    /// Bumped when the shape changes incompatibly.
    public static let currentFormat = 1

    public struct AreaPart: Sendable, Hashable, Codable {
        public let name: String
        public let region: String
        public let country: Country
    }

    public struct InspectionPart: Sendable, Hashable, Codable {
        public let frameworkID: String
        public let frameworkVersion: String
        public let programme: String
        public let fieldworkStart: String?
        public let fieldworkEnd: String?
        public let status: InspectionStatus
    }

    public let format: Int
    public let area: AreaPart
    public let inspection: InspectionPart
    /// The framework's YAML exactly as the inspection was judged against it.
    public let framework: String
    public let cases: [CaseRecord]
    /// Every judgement with its version and who last changed it.
    public let judgements: [StoredJudgement]
    /// Evidence beyond the case files; absent in archives written before yji recorded it.
    public let evidence: EvidencePart?
    /// What people wrote into the report; absent in archives written before yji kept report edits.
    public let report: ReportPart?
    /// The service's improvement plan; absent when it has no actions, and in archives written before yji kept plans.
    public let plan: PlanPart?
    /// The inspection's moves between statuses and the milestones that have happened; absent when there are none, and
    /// in archives written before yji kept them.
    public let timetable: TimetablePart?
    /// The lead inspector's decisions on scores' labels, with who, when and why; absent when there are none, and in
    /// archives written before yji kept them.
    public let ratings: [RatingDecision]?

    /// Questionnaire responses, findings, practice examples, and the area's published figures.
    public struct EvidencePart: Sendable, Hashable, Codable {
        /// Responses per questionnaire id, in the order they were given.
        public let questionnaires: [String: [QuestionnaireResponse]]
        public let findings: [StructuredFinding]
        public let practiceExamples: [PracticeExample]
        public let indicators: [ContextualIndicators]
    }

    /// Edited and read report blocks (with their versions), recommendations, and the names the anonymisation guard looks for.
    public struct ReportPart: Sendable, Hashable, Codable {
        public let texts: [ReportText]
        public let recommendations: [ReportRecommendation]
        public let protectedNames: [String]
    }

    /// Key-sorted, pretty JSON: the same archive always gives the same bytes.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads an archive, naming the file in any error.
    public static func read(_ data: Data, file: String) throws -> InspectionArchive {
        let archive: InspectionArchive
        do {
            archive = try JSONDecoder().decode(InspectionArchive.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw StoreError.invalid("\(file): missing '\(key.stringValue)' at \(Self.path(context))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
                let DecodingError.dataCorrupted(context) {
            throw StoreError.invalid("\(file): \(context.debugDescription) at \(Self.path(context))")
        } catch {
            throw StoreError.invalid("\(file): not an inspection archive (\(error))")
        }
        guard archive.format == currentFormat else {
            throw StoreError.invalid("\(file): archive format \(archive.format) is not supported (expected \(currentFormat))")
        }
        return archive
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.isEmpty ? "the top level" : context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}

extension ArchiveRepository {
    func evidencePart(_ db: any SQLDatabase, inspection: Inspection) async throws -> InspectionArchive.EvidencePart {
        var questionnaires: [String: [QuestionnaireResponse]] = [:]
        for id in QuestionnaireCatalog.shippedIDs {
            let responses = try await db.raw("""
                SELECT answers, comment FROM questionnaire_responses
                WHERE inspection_id = \(bind: inspection.id) AND questionnaire_id = \(bind: id) ORDER BY id
                """).all().map { row in
                QuestionnaireResponse(
                    answers: try JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "answers", as: String.self).utf8)),
                    comment: try row.decode(column: "comment", as: String.self))
            }
            if !responses.isEmpty { questionnaires[id] = responses }
        }
        // Store ids are left out, as everywhere in an archive.
        let findings = try await store.evidence.findings(db, inspection: inspection.id).map { finding -> StructuredFinding in
            var finding = finding
            finding.id = nil
            return finding
        }
        let examples = try await store.evidence.practiceExamples(db, inspection: inspection.id).map { example -> PracticeExample in
            var example = example
            example.id = nil
            return example
        }
        return InspectionArchive.EvidencePart(questionnaires: questionnaires, findings: findings, practiceExamples: examples,
                                              indicators: try await store.evidence.indicators(db, areaID: inspection.area.id))
    }

    func insertEvidence(_ db: any SQLDatabase, _ evidence: InspectionArchive.EvidencePart, inspection inspectionID: Int, actor: String,
                        file: String) async throws {
        for (id, responses) in evidence.questionnaires.sorted(by: { $0.key < $1.key }) {
            let questionnaire: Questionnaire
            do throws(ProblemList) { questionnaire = try QuestionnaireCatalog.shipped(id) } catch { throw StoreError.problems(error) }
            for response in responses {
                let problems = response.validate(against: questionnaire)
                guard problems.isEmpty else { throw StoreError.invalid("\(file): \(id) response: " + problems.joined(separator: "; ")) }
                try await store.evidence.insertResponse(db, response, inspection: inspectionID, questionnaire: id, source: "import")
            }
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "questionnaire", entityID: id, action: "create",
                            before: Optional<String>.none, after: "\(responses.count) responses from \(file)", reason: "imported from \(file)")
        }
        for finding in evidence.findings { _ = try await store.evidence.insertFinding(db, finding, inspection: inspectionID, actor: actor, reason: "imported from \(file)") }
        for example in evidence.practiceExamples {
            _ = try await store.evidence.insertPracticeExample(db, example, inspection: inspectionID, actor: actor, reason: "imported from \(file)")
        }
        for indicators in evidence.indicators { try await store.evidence.saveIndicators(db, indicators, actor: actor, reason: "imported from \(file)") }
    }

    /// Refuses archived report blocks the schema would refuse, with a message a person can act on.
    static func checkReportTexts(_ texts: [ReportText]) throws {
        var problems: [String] = []
        var keys = Set<String>()
        for text in texts {
            if text.key.isEmpty { problems.append("a report text has no block key") }
            if !keys.insert(text.key).inserted { problems.append("the report text \(text.key) appears more than once") }
            if text.version < 1 { problems.append("the report text \(text.key) has version \(text.version), not 1 or more") }
            if text.updatedBy.isEmpty { problems.append("the report text \(text.key) does not say who changed it") }
        }
        guard problems.isEmpty else { throw StoreError.invalid("report: " + problems.joined(separator: "; ")) }
    }
}

extension Store {
    /// Checks the database's own consistency: SQLite's integrity check, or a round trip to the PostgreSQL server.
    /// Returns "ok" or what SQLite found wrong.
    public func integrityCheck() async throws -> String {
        try await transaction(.read) { db in
            switch engine {
            case .sqlite:
                let rows = try await db.raw("PRAGMA integrity_check").all()
                return try rows.map { try $0.decode(column: "integrity_check", as: String.self) }.joined(separator: "\n")
            case .postgres:
                _ = try await db.raw("SELECT 1 AS one").first()
                return "ok"
            }
        }
    }

    /// A consistent copy of the SQLite database, taken while it stays in use (SQLite's VACUUM INTO).
    /// For PostgreSQL, use pg_dump (see the README).
    public func backup(to path: String) async throws {
        guard engine == .sqlite else {
            throw StoreError.invalid("backups of a PostgreSQL store are taken with pg_dump (see the README)")
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError.invalid("\(path) already exists; choose a new file for the backup")
        }
        try await withConnection { db in
            try await db.raw("VACUUM INTO \(bind: path)").run()
        }
    }
}

extension Array {
    /// nil for an empty array, so an archive leaves out a part with nothing in it and older archives keep their bytes.
    var nilIfEmpty: [Element]? { isEmpty ? nil : self }
}

