import YJIStore

/// How a store refusal reaches a form: as errors beside the field it is about.
enum FieldErrors {
    /// `error` as errors beside `field`: one per problem for file problems, since each names its own file, line and column.
    ///
    /// A published inspection's refusal is rethrown rather than shown: it is not a problem with the form, and the error
    /// page (409) says why and how to reopen the inspection.
    static func from(_ error: StoreError, field: String) throws -> [FieldError] {
        switch error {
        case .published:
            throw error
        case .problems(let list):
            return list.problems.map { FieldError(field: field, message: $0.description) }
        default:
            return [FieldError(field: field, message: error.description)]
        }
    }
}
