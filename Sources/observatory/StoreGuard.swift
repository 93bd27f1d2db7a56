import ArgumentParser
import Foundation
import Observatory

/// Ends the command (exit 1) when the store changed since its last good check and SQLite finds
/// it damaged; writers call it once they hold the run lock, `status` before reading.
func requireSoundStore(_ layout: ProjectLayout) throws {
    do {
        try StoreCheck(layout: layout).verify()
    } catch {
        printError(error.description)
        throw ExitCode(1)
    }
}
