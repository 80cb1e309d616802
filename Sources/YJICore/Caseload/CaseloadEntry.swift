/// One row of a service's caseload: the case as inspected plus what a case management extract carries.
public struct CaseloadEntry: Sendable, Hashable, Codable {
    /// The case, in the same terms as cases.csv.
    public let record: CaseRecord
    /// The day the order started; eligibility windows count from it.
    public let orderStart: CalendarDate
    /// The day the order ended or is due to end, when the extract gives one.
    public let orderEnd: CalendarDate?
    /// The case manager's pseudonym; interviews are booked with them. Empty when not given.
    public let caseManager: String
    /// The team that holds the case. Empty when not given.
    public let team: String
    /// The name the service knows the child by. yji never prints it: it is held so the report's anonymisation check
    /// can find it in free text. Empty when not given.
    public let alias: String

    public init(record: CaseRecord, orderStart: CalendarDate, orderEnd: CalendarDate? = nil, caseManager: String = "",
                team: String = "", alias: String = "") {
        self.record = record
        self.orderStart = orderStart
        self.orderEnd = orderEnd
        self.caseManager = caseManager
        self.team = team
        self.alias = alias
    }

    /// The case reference, for brevity where entries are matched to samples.
    public var id: String { record.id }
}
