import Foundation
import SQLKit
import YJICore

extension EvidenceRepository {
    /// Imports questionnaire responses from CSV (one row per response): all of them, or on any problem none.
    @discardableResult
    public func importQuestionnaireResponses(inspection inspectionID: Int, questionnaire: Questionnaire, csv text: String,
                                             file: String, actor: String) async throws -> Int {
        let responses: [QuestionnaireResponse]
        do throws(ProblemList) {
            responses = try QuestionnaireResponseFile.read(text, file: file, questionnaire: questionnaire)
        } catch {
            throw StoreError.problems(error)
        }
        return try await store.transaction { db in
            _ = try await store.inspections.inspection(db, id: inspectionID)
            for response in responses {
                try await insertResponse(db, response, inspection: inspectionID, questionnaire: questionnaire.id, source: "import")
            }
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "questionnaire", entityID: questionnaire.id,
                            action: "create", before: Optional<String>.none, after: "\(responses.count) responses from \(file)",
                            reason: "imported from \(file)")
            return responses.count
        }
    }

    /// Records one response entered by an inspector (a staff interview, or a paper questionnaire typed in).
    public func addQuestionnaireResponse(inspection inspectionID: Int, questionnaire: Questionnaire, response: QuestionnaireResponse,
                                         actor: String) async throws {
        let problems = response.validate(against: questionnaire)
        guard problems.isEmpty else { throw StoreError.invalid(problems.joined(separator: "; ")) }
        try await store.transaction { db in
            _ = try await store.inspections.inspection(db, id: inspectionID)
            try await insertResponse(db, response, inspection: inspectionID, questionnaire: questionnaire.id, source: "entered")
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "questionnaire", entityID: questionnaire.id,
                            action: "create", before: Optional<String>.none, after: "one response entered", reason: "entered")
        }
    }

    /// The responses to one questionnaire in an inspection, oldest first.
    public func questionnaireResponses(inspection inspectionID: Int, questionnaireID: String) async throws -> [QuestionnaireResponse] {
        try await store.transaction(.read) { db in
            try await db.raw("""
                SELECT answers, comment FROM questionnaire_responses
                WHERE inspection_id = \(bind: inspectionID) AND questionnaire_id = \(bind: questionnaireID) ORDER BY id
                """).all().map { row in
                let answers = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "answers", as: String.self).utf8))
                return QuestionnaireResponse(answers: answers, comment: try row.decode(column: "comment", as: String.self))
            }
        }
    }

    /// The comments given in one questionnaire's responses (oldest first), each with its quote in the report if it has one.
    public func questionnaireComments(inspection inspectionID: Int, questionnaireID: String) async throws -> [QuestionnaireComment] {
        try await store.transaction(.read) { db in
            try await db.raw("""
                SELECT r.id, r.comment, r.submitted_at, q.text AS quote_text, q.names_changed
                FROM questionnaire_responses r LEFT JOIN questionnaire_quotes q ON q.response_id = r.id
                WHERE r.inspection_id = \(bind: inspectionID) AND r.questionnaire_id = \(bind: questionnaireID) AND r.comment <> ''
                ORDER BY r.id
                """).all().map { row in
                let id = try row.decode(column: "id", as: Int.self)
                let quote = try row.decodeNil(column: "quote_text") ? nil : QuestionnaireQuote(
                    responseID: id, questionnaireID: questionnaireID, text: try row.decode(column: "quote_text", as: String.self),
                    namesChanged: try row.decode(column: "names_changed", as: Bool.self))
                return QuestionnaireComment(responseID: id, text: try row.decode(column: "comment", as: String.self),
                                            submittedOn: String(try row.decode(column: "submitted_at", as: String.self).prefix(10)),
                                            quote: quote)
            }
        }
    }

    /// Quotes a respondent's comment in the report, or changes the quote's text; refused unless the names in it have
    /// been changed and that is confirmed, and for anything but a child's or victim's own comment in this inspection.
    public func quoteQuestionnaireComment(inspection inspectionID: Int, _ quote: QuestionnaireQuote, actor: String) async throws {
        let problems = quote.validate()
        guard problems.isEmpty else { throw StoreError.invalid(problems.joined(separator: "; ")) }
        try await store.transaction { db in
            _ = try await store.inspections.openInspection(db, id: inspectionID)
            guard let response = try await db.raw("""
                SELECT questionnaire_id, comment FROM questionnaire_responses
                WHERE id = \(bind: quote.responseID) AND inspection_id = \(bind: inspectionID)
                """).first(),
                  try response.decode(column: "questionnaire_id", as: String.self) == quote.questionnaireID,
                  !(try response.decode(column: "comment", as: String.self)).isEmpty else {
                throw StoreError.notFound("comment \(quote.responseID) of the \(quote.questionnaireID) questionnaire of inspection \(inspectionID)")
            }
            // Staff interviews are the inspectors' own notes, not respondents' words; the report does not quote them.
            guard quote.questionnaireID != "staff" else {
                throw StoreError.invalid("text: staff interview notes are not quoted in the report; record a quote as a practice example instead")
            }
            let before = try await questionnaireQuotes(db, inspection: inspectionID).first { $0.responseID == quote.responseID }
            if before == quote { return }
            if before == nil {
                try await db.raw("""
                    INSERT INTO questionnaire_quotes (response_id, inspection_id, questionnaire_id, text, names_changed, quoted_by, quoted_at)
                    VALUES (\(bind: quote.responseID), \(bind: inspectionID), \(bind: quote.questionnaireID), \(bind: quote.text),
                            \(bind: quote.namesChanged), \(bind: actor), \(bind: isoTimestamp()))
                    """).run()
            } else {
                try await db.raw("""
                    UPDATE questionnaire_quotes SET text = \(bind: quote.text), names_changed = \(bind: quote.namesChanged),
                        quoted_by = \(bind: actor), quoted_at = \(bind: isoTimestamp())
                    WHERE response_id = \(bind: quote.responseID)
                    """).run()
            }
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "questionnaire-quote", entityID: String(quote.responseID),
                            action: before == nil ? "create" : "update", before: before, after: quote,
                            reason: before == nil ? "quoted in the report" : "quote edited")
        }
    }

    /// Takes a comment's quote out of the report; the comment itself stays with its response.
    public func withdrawQuestionnaireQuote(inspection inspectionID: Int, responseID: Int, actor: String) async throws {
        try await store.transaction { db in
            _ = try await store.inspections.openInspection(db, id: inspectionID)
            guard let before = try await questionnaireQuotes(db, inspection: inspectionID).first(where: { $0.responseID == responseID }) else {
                throw StoreError.notFound("no quote of comment \(responseID) in inspection \(inspectionID)")
            }
            try await db.raw("""
                DELETE FROM questionnaire_quotes WHERE response_id = \(bind: responseID) AND inspection_id = \(bind: inspectionID)
                """).run()
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "questionnaire-quote", entityID: String(responseID),
                            action: "delete", before: before, after: Optional<QuestionnaireQuote>.none, reason: "quote withdrawn")
        }
    }

    /// Every comment an inspection quotes in its report, in the order the comments were given.
    public func questionnaireQuotes(inspection inspectionID: Int) async throws -> [QuestionnaireQuote] {
        try await store.transaction(.read) { db in try await questionnaireQuotes(db, inspection: inspectionID) }
    }

    /// Stores new one-use links (their tokens' hashes) for respondents to fill a questionnaire in without an account.
    public func addQuestionnaireLinks(inspection inspectionID: Int, questionnaireID: String, tokenHashes: [String], expiresAt: Date,
                                      actor: String) async throws {
        try await store.transaction { db in
            _ = try await store.inspections.openInspection(db, id: inspectionID)
            let now = isoTimestamp()
            for hash in tokenHashes {
                try await db.raw("""
                    INSERT INTO questionnaire_links (token_hash, inspection_id, questionnaire_id, created_at, expires_at)
                    VALUES (\(bind: hash), \(bind: inspectionID), \(bind: questionnaireID), \(bind: now), \(bind: isoTimestamp(expiresAt)))
                    """).run()
            }
            try await store.audit(db, actor: actor, inspectionID: inspectionID, entity: "questionnaire-links", entityID: questionnaireID,
                            action: "create", before: Optional<String>.none,
                            after: "\(tokenHashes.count) links until \(isoTimestamp(expiresAt))", reason: "links issued")
        }
    }

    /// The link with this token hash, if there is one.
    public func questionnaireLink(tokenHash: String) async throws -> QuestionnaireLink? {
        try await store.transaction(.read) { db in
            try await db.raw("""
                SELECT inspection_id, questionnaire_id, expires_at, used_at FROM questionnaire_links WHERE token_hash = \(bind: tokenHash)
                """).first().map { row in
                QuestionnaireLink(inspectionID: try row.decode(column: "inspection_id", as: Int.self),
                                  questionnaireID: try row.decode(column: "questionnaire_id", as: String.self),
                                  expiresAt: try row.decode(column: "expires_at", as: String.self),
                                  usedAt: try row.decodeNil(column: "used_at") ? nil : try row.decode(column: "used_at", as: String.self))
            }
        }
    }

    /// Stores a response given through a link and closes the link, in one transaction; refused if the link has been
    /// used or has expired (two submissions at once: only the first is kept).
    public func submitQuestionnaire(tokenHash: String, questionnaire: Questionnaire, response: QuestionnaireResponse,
                                    now: Date = Date()) async throws {
        let problems = response.validate(against: questionnaire)
        guard problems.isEmpty else { throw StoreError.invalid(problems.joined(separator: "; ")) }
        try await store.transaction { db in
            let closed = try await db.raw("""
                UPDATE questionnaire_links SET used_at = \(bind: String(isoTimestamp(now).prefix(10)))
                WHERE token_hash = \(bind: tokenHash) AND used_at IS NULL AND expires_at > \(bind: isoTimestamp(now))
                  AND questionnaire_id = \(bind: questionnaire.id)
                RETURNING inspection_id
                """).first()
            guard let closed else { throw StoreError.invalid("this questionnaire link has already been used or has expired") }
            let inspectionID = try closed.decode(column: "inspection_id", as: Int.self)
            try await insertResponse(db, response, inspection: inspectionID, questionnaire: questionnaire.id, source: "link")
            try await store.audit(db, actor: "questionnaire link", inspectionID: inspectionID, entity: "questionnaire", entityID: questionnaire.id,
                            action: "create", before: Optional<String>.none, after: "one response through a link", reason: "submitted")
        }
    }

    /// Links issued, used and expired per questionnaire of an inspection.
    public func questionnaireLinkCounts(inspection inspectionID: Int, now: Date = Date()) async throws -> [String: QuestionnaireLinkCounts] {
        try await store.transaction(.read) { db in
            let rows = try await db.raw("""
                SELECT questionnaire_id, COUNT(*) AS issued,
                       SUM(CASE WHEN used_at IS NOT NULL THEN 1 ELSE 0 END) AS used,
                       SUM(CASE WHEN used_at IS NULL AND expires_at <= \(bind: isoTimestamp(now)) THEN 1 ELSE 0 END) AS expired
                FROM questionnaire_links WHERE inspection_id = \(bind: inspectionID) GROUP BY questionnaire_id
                """).all()
            return Dictionary(try rows.map { row in
                (try row.decode(column: "questionnaire_id", as: String.self),
                 QuestionnaireLinkCounts(issued: try row.decode(column: "issued", as: Int.self), used: try row.decode(column: "used", as: Int.self),
                                         expired: try row.decode(column: "expired", as: Int.self)))
            }, uniquingKeysWith: { first, _ in first })
        }
    }
}

extension EvidenceRepository {
    func insertResponse(_ db: any SQLDatabase, _ response: QuestionnaireResponse, inspection inspectionID: Int,
                                questionnaire questionnaireID: String, source: String) async throws {
        // Submission time to the day only: a minute-exact time could tell a small service who answered.
        let day = String(isoTimestamp().prefix(10))
        try await db.raw("""
            INSERT INTO questionnaire_responses (inspection_id, questionnaire_id, answers, comment, source, submitted_at)
            VALUES (\(bind: inspectionID), \(bind: questionnaireID), \(bind: try Store.auditJSON(response.answers)),
                    \(bind: response.comment), \(bind: source), \(bind: day))
            """).run()
    }

    func questionnaireQuotes(_ db: any SQLDatabase, inspection inspectionID: Int) async throws -> [QuestionnaireQuote] {
        try await db.raw("""
            SELECT response_id, questionnaire_id, text, names_changed FROM questionnaire_quotes
            WHERE inspection_id = \(bind: inspectionID) ORDER BY response_id
            """).all().map { row in
            QuestionnaireQuote(responseID: try row.decode(column: "response_id", as: Int.self),
                               questionnaireID: try row.decode(column: "questionnaire_id", as: String.self),
                               text: try row.decode(column: "text", as: String.self),
                               namesChanged: try row.decode(column: "names_changed", as: Bool.self))
        }
    }
}

