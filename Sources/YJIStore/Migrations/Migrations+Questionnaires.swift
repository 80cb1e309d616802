import SQLKit

extension Migrator {
    /// Respondents' comments quoted in the report: the inspectors' copy of one comment (names changed), at most one per
    /// response. The comment in `questionnaire_responses` is never edited, so the evidence stays as it was given.
    static let questionnaireCommentsMigration = Migration(version: 10, name: "quoted questionnaire comments") { engine in
        let reference = engine == .sqlite ? "INTEGER" : "BIGINT"
        return [
            // The names_changed check puts the rule in the schema too: a quote nobody has checked for names is not kept.
            """
            CREATE TABLE questionnaire_quotes (
                response_id \(reference) PRIMARY KEY REFERENCES questionnaire_responses (id),
                inspection_id \(reference) NOT NULL REFERENCES inspections (id),
                questionnaire_id TEXT NOT NULL CHECK (questionnaire_id IN ('children', 'victims')),
                text TEXT NOT NULL CHECK (length(text) > 0),
                names_changed BOOLEAN NOT NULL CHECK (names_changed),
                quoted_by TEXT NOT NULL CHECK (length(quoted_by) > 0),
                quoted_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX questionnaire_quotes_by_inspection ON questionnaire_quotes (inspection_id, questionnaire_id)",
        ]
    }
}
