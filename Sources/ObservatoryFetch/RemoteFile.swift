import ObservatoryCore

/// One file to download into the cache.
public struct RemoteFile: Sendable, Hashable {
    public var dataset: String
    /// The file's name in the cache (and on a mirror).
    public var name: String
    public var vintage: String?
    public var url: String
    public var format: FileFormat
    /// Expected size in bytes, when the catalogue knows it.
    public var expectedSize: Int64?
    /// Expected hex SHA-256, when the catalogue knows it.
    public var expectedSHA256: String?

    public init(dataset: String, name: String, vintage: String? = nil, url: String, format: FileFormat,
                expectedSize: Int64? = nil, expectedSHA256: String? = nil) {
        self.dataset = dataset
        self.name = name
        self.vintage = vintage
        self.url = url
        self.format = format
        self.expectedSize = expectedSize
        self.expectedSHA256 = expectedSHA256
    }

    /// `dataset/name`, how files are named in messages.
    public var label: String { "\(dataset)/\(name)" }
}
