import ObservatoryCore

/// A public dataset of the catalogue (`Indicators/datasets/<id>.yaml`): who publishes it and its files.
public struct DatasetDefinition: Sendable {
    public var id: DatasetID
    public var title: String
    public var publisher: String
    public var licence: String
    public var landingPage: String
    public var description: String?
    /// A dataset whose absence should not fail a refresh (a source without a public bulk file).
    public var optional: Bool
    public var files: [CatalogFile]
    /// The territories the dataset covers when it is not all France (`covers: [reg:24]` for a
    /// Carif-Oref's regional training catalogue): a territory outside them gets no value from
    /// it, never a zero. Empty: no limit is declared.
    public var covers: [TerritoryID] = []
    /// The YAML file it was read from, for messages.
    public var path: String

    public init(id: DatasetID, title: String, publisher: String, licence: String, landingPage: String,
                description: String? = nil, optional: Bool = false, files: [CatalogFile], path: String) {
        self.id = id
        self.title = title
        self.publisher = publisher
        self.licence = licence
        self.landingPage = landingPage
        self.description = description
        self.optional = optional
        self.files = files
        self.path = path
    }
}

/// One file of a dataset, as the cache and a mirror name it.
public struct CatalogFile: Sendable, Hashable {
    /// The file's name in the cache and on a mirror (`BASE/<dataset>/<name>`).
    public var name: String
    /// The vintage it holds (`2024`, `v460`, `2023-T3`).
    public var vintage: String
    public var format: FileFormat
    public var source: FileSource
    public var expectedSize: Int64?
    public var expectedSHA256: String?
    /// 1-based line of the entry in the YAML file.
    public var line: Int?
    /// How the file is ingested (the dataset's `ingest:` section with the file's overrides); `nil` when not.
    public var ingest: IngestSpec?

    public init(name: String, vintage: String, format: FileFormat, source: FileSource,
                expectedSize: Int64? = nil, expectedSHA256: String? = nil, line: Int? = nil, ingest: IngestSpec? = nil) {
        self.ingest = ingest
        self.name = name
        self.vintage = vintage
        self.format = format
        self.source = source
        self.expectedSize = expectedSize
        self.expectedSHA256 = expectedSHA256
        self.line = line
    }
}

/// Where the publisher serves a file.
public enum FileSource: Sendable, Hashable {
    /// A direct URL.
    case url(String)
    /// An Opendatasoft portal export: `{portal}/api/explore/v2.1/catalog/datasets/{dataset}/exports/{format}?…`.
    case opendatasoft(portal: String, dataset: String, format: String, parameters: [String: String])
    /// A data.gouv.fr dataset, whose resource is found by title through the API v1.
    case dataGouv(dataset: String, resourceTitle: String)

    /// The URL to download, when it can be known without asking an API.
    public var directURL: String? {
        switch self {
        case .url(let url):
            return url
        case .opendatasoft(let portal, let dataset, let format, let parameters):
            let base = portal.hasSuffix("/") ? String(portal.dropLast()) : portal
            var url = "\(base)/api/explore/v2.1/catalog/datasets/\(dataset)/exports/\(format)"
            if !parameters.isEmpty {
                url += "?" + parameters.sorted { $0.key < $1.key }
                    .map { "\(Self.escape($0.key))=\(Self.escape($0.value))" }.joined(separator: "&")
            }
            return url
        case .dataGouv:
            return nil
        }
    }

    /// Percent-encodes a query component (RFC 3986 unreserved characters kept).
    static func escape(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.append(Character(UnicodeScalar(byte)))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
