import ArgumentParser
import Foundation
import Masking

struct MaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mask",
        abstract: "Mask personal information: text on stdin, masked text on stdout.",
        discussion: "Lines are masked one by one with one tag numbering for the whole input, so a value keeps its tag throughout.")

    @OptionGroup var options: DataOptions

    func run() throws {
        let masker = try Masker.builtIn()
        var session = MaskingSession()
        var lineNumber = 0
        while let line = readLine(strippingNewline: false) {
            lineNumber += 1
            do {
                print(try masker.mask(line, session: &session).masked, terminator: "")
            } catch {
                // Nothing unmasked is printed: the line is withheld and the command fails.
                FileHandle.standardError.write(Data("hegui mask: line \(lineNumber): \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
