import Foundation

/// A territory name folded for matching across publishers: no accents, case or punctuation, and
/// the legal forms of intercommunalities abbreviated the same way (`Communauté de communes du
/// Pays de Vierzon` and `CC du Pays de Vierzon` give the same key).
public enum NameKey {
    private static let forms: [(String, String)] = [
        ("communaute de communes", "cc"), ("communaute d'agglomeration", "ca"), ("communaute d agglomeration", "ca"),
        ("communaute urbaine", "cu"), ("metropole", "metropole"),
    ]

    public static func fold(_ name: String) -> String {
        var text = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr_FR")).lowercased()
        text = text.replacingOccurrences(of: "’", with: "'")
        for (long, short) in forms { text = text.replacingOccurrences(of: long, with: short) }
        return String(text.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII }.map(Character.init))
    }
}
