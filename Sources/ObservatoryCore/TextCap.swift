/// Caps on text that comes from data: a label or a name kept in the store, a piece of a line
/// quoted in an error message. A hostile file cannot fill the store or a terminal with one cell.
public enum TextCap {
    /// The longest label (métier, dimension code) or territory name kept, in characters.
    public static let label = 500
    /// The longest piece of a data line quoted in a message, in characters.
    public static let quote = 200

    /// `text` when it has at most `limit` characters, else its first `limit - 1` and `…`.
    public static func cut(_ text: String, _ limit: Int) -> String {
        guard limit > 0, text.utf8.count > limit, text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    /// Whether ``cut(_:_:)`` would shorten `text`.
    public static func exceeds(_ text: String, _ limit: Int) -> Bool {
        text.utf8.count > limit && text.count > limit
    }
}
