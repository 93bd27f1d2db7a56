import Foundation

/// Folds a name for search: lower case, without accents, ligatures spelled out, and every run
/// of punctuation or spaces turned into one space, so that `chateauroux`, `CHÂTEAUROUX` and
/// `Châteauroux` match, and `saint amand` finds `Saint-Amand-Montrond`.
enum SearchKey {
    static func fold(_ text: String) -> String {
        let lowered = text.lowercased()
            .replacingOccurrences(of: "œ", with: "oe")
            .replacingOccurrences(of: "æ", with: "ae")
            .replacingOccurrences(of: "ß", with: "ss")
        let plain = lowered.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive],
                                    locale: Locale(identifier: "fr_FR"))
        var result = ""
        var pendingSpace = false
        for character in plain {
            if character.isLetter || character.isNumber {
                if pendingSpace, !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.append(character)
            } else {
                pendingSpace = true
            }
        }
        return result
    }
}
