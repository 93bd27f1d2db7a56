/// A problem picking or extracting a member of a ZIP container.
public enum ZIPContainerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The archive cannot be opened (truncated, not a ZIP).
    case notReadable(file: String, reason: String)
    /// No file member matches the pattern; lists the members.
    case noMatch(file: String, pattern: String, members: [String])
    /// Several members match; lists them.
    case ambiguous(file: String, pattern: String, matches: [String])
    /// The member name is absolute or has a `..` component: extracting it could write outside
    /// the destination ("zip slip").
    case unsafeMemberPath(file: String, member: String)
    /// The member is a directory or a symbolic link, not a file.
    case notAFile(file: String, member: String)
    /// The member inflates to more than the size limit (checked while extracting).
    case tooLarge(file: String, member: String, limit: UInt64, detail: String)
    /// The member's data is corrupt.
    case corrupt(file: String, member: String, reason: String)
    /// The extracted file could not be written.
    case cannotWrite(file: String, member: String, destination: String, reason: String)

    public var description: String {
        switch self {
        case .notReadable(let file, let reason):
            return "\(file): not a readable ZIP archive (\(reason))"
        case .noMatch(let file, let pattern, let members):
            return "\(file): no member matches '\(pattern)'; members: " + members.joined(separator: ", ")
        case .ambiguous(let file, let pattern, let matches):
            return "\(file): several members match '\(pattern)': " + matches.joined(separator: ", ")
        case .unsafeMemberPath(let file, let member):
            return "\(file): refused member '\(member)': absolute path or '..' component (it could be written outside the destination); nothing extracted"
        case .notAFile(let file, let member):
            return "\(file): member '\(member)' is a directory or a link, not a file"
        case .tooLarge(let file, let member, let limit, let detail):
            return "\(file): member '\(member)' exceeds the size limit of \(limit) bytes (\(detail)); the partial file was removed"
        case .corrupt(let file, let member, let reason):
            return "\(file): member '\(member)' is corrupt (\(reason)); the partial file was removed"
        case .cannotWrite(let file, let member, let destination, let reason):
            return "\(file): cannot write member '\(member)' to \(destination) (\(reason))"
        }
    }
}
