import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File-system failures said in one human line (`disk full (No space left on device)`), never a
/// Foundation error dump, and whether trying again can help.
public enum SystemError {
    /// The POSIX error behind `error`: a `POSIXError`, or an `NSError` of the POSIX domain, or the
    /// one underlying a Cocoa file error, or the code a Cocoa file error stands for.
    public static func errno(of error: any Error) -> Int32? {
        if let posix = error as? POSIXError { return posix.code.rawValue }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        guard ns.domain == NSCocoaErrorDomain else { return nil }
        switch ns.code {
        case NSFileWriteOutOfSpaceError: return ENOSPC
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return EACCES
        case NSFileWriteVolumeReadOnlyError: return EROFS
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return ENOENT
        case NSFileWriteFileExistsError: return EEXIST
        default: return nil
        }
    }

    /// `disk full (No space left on device)`, `permission denied (…)`, or the system's text.
    public static func text(errno code: Int32) -> String {
        let system = String(cString: strerror(code))
        switch code {
        case ENOSPC, EDQUOT: return "disk full (\(system))"
        case EACCES, EPERM: return "permission denied (\(system))"
        case EROFS: return "read-only file system (\(system))"
        default: return system
        }
    }

    /// One line for any error met while reading or writing files.
    public static func text(_ error: any Error) -> String {
        if let code = errno(of: error) { return text(errno: code) }
        if !(type(of: error) is NSError.Type) { return "\(error)" }
        let ns = error as NSError
        return ns.localizedFailureReason ?? ns.localizedDescription
    }

    /// Whether the failure will not go away by trying again (a full disk, missing permissions).
    public static func isPermanent(errno code: Int32) -> Bool {
        [ENOSPC, EDQUOT, EACCES, EPERM, EROFS].contains(code)
    }
}
