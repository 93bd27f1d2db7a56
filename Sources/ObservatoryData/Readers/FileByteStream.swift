#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Sequential reads of a file through a POSIX descriptor, into caller-owned memory.
final class FileByteStream {
    let path: String
    private let descriptor: Int32

    /// - Throws: the `errno` text, e.g. `No such file or directory`.
    init(url: URL) throws(FileByteStreamError) {
        path = url.path
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw FileByteStreamError(reason: String(cString: strerror(errno))) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Reads up to `count` bytes at `pointer`; 0 means end of file.
    func read(into pointer: UnsafeMutablePointer<UInt8>, count: Int) throws(FileByteStreamError) -> Int {
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(descriptor, pointer, count)
            #else
            let n = Darwin.read(descriptor, pointer, count)
            #endif
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw FileByteStreamError(reason: String(cString: strerror(errno)))
        }
    }

    /// Reads until `count` bytes are in or the file ends; returns the number read.
    func readFully(into pointer: UnsafeMutablePointer<UInt8>, count: Int) throws(FileByteStreamError) -> Int {
        var total = 0
        while total < count {
            let n = try read(into: pointer + total, count: count - total)
            if n == 0 { break }
            total += n
        }
        return total
    }
}

struct FileByteStreamError: Error {
    let reason: String
}
