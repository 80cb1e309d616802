import YJICore

/// Why a store operation was refused. Nothing is written when one is thrown.
public enum StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The database location could not be understood.
    case invalidLocation(String)
    /// The database could not be opened or reached.
    case unavailable(String)
    /// The disk holding the database is full; the write was rolled back and what was stored before is intact.
    case storageFull(String)
    /// No such inspection, area, case or question.
    case notFound(String)
    /// The input breaks a rule; nothing was written.
    case invalid(String)
    /// One named field of the input breaks a rule (a form puts the message beside that field); nothing was written.
    case invalidField(field: String, message: String)
    /// Someone else changed the same thing at the same moment; nothing was written.
    case conflict(String)
    /// Input files had problems; nothing was written.
    case problems(ProblemList)
    /// The inspection is published, so what it was published from is read-only until a lead inspector reopens it
    /// with a reason; nothing was written.
    case published(String)
    /// The inspection cannot be published yet: each blocker says what remains and where it is put right.
    case notReady([PublicationGate.Blocker])
    /// The database holds a newer schema than this yji knows.
    case schemaTooNew(found: Int, known: Int)

    public var description: String {
        switch self {
        case .invalidLocation(let message), .unavailable(let message), .storageFull(let message), .notFound(let message),
             .invalid(let message), .conflict(let message), .published(let message):
            return message
        case .invalidField(let field, let message):
            return "\(field): \(message)"
        case .problems(let list):
            return list.description
        case .notReady(let blockers):
            return "the inspection cannot be published yet: " + blockers.map(\.message).joined(separator: " ")
        case .schemaTooNew(let found, let known):
            return "the database has schema version \(found), newer than this yji knows (\(known)); upgrade yji"
        }
    }

    /// The refusal of any change to a published inspection, in the words every surface shows.
    public static let publishedInspection = StoreError.published(
        "This inspection is published, so its cases, answers, evidence, findings and report can no longer be changed. "
            + "To correct it, a lead inspector reopens it with a reason on its report page, and publishes it again.")

    public static func == (lhs: StoreError, rhs: StoreError) -> Bool { lhs.description == rhs.description }
}
