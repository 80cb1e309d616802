import HummingbirdBcrypt

/// Password hashing for yji's users: bcrypt, so a copied database does not give away passwords.
public enum Passwords {
    /// The smallest password yji accepts.
    public static let minimumLength = 10

    /// A bcrypt hash of the password (cost 12 unless a test asks for less).
    public static func hash(_ password: String, cost: UInt8 = 12) -> String { Bcrypt.hash(password, cost: cost) }

    /// Whether the password matches the hash.
    public static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// Why a new password is not acceptable, or nil.
    public static func problem(with password: String) -> String? {
        password.count < minimumLength ? "A password needs at least \(minimumLength) characters." : nil
    }
}
