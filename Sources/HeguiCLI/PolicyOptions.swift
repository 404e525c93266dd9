import ArgumentParser
import Foundation
import Masking

/// The `--policy DIR` and `--pseudonym-key-file` options of every command that masks.
struct PolicyOptions: ParsableArguments {
    @Option(name: .long, help: "Policy folder with pii/*.yaml (default: Policies).")
    var policy = "Policies"

    @Option(name: .long, help: "File holding the secret for hmac pseudonyms (default: $HEGUI_PSEUDONYM_KEY).")
    var pseudonymKeyFile: String?

    /// The loaded policy; on problems prints every one (file:line:column) and exits 1.
    func load() throws -> MaskingPolicy {
        do {
            return try MaskingPolicy.load(directory: policy)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// A masker for the loaded policy, reading the pseudonym key only when the policy needs one.
    func masker(for policy: MaskingPolicy) throws -> Masker {
        do {
            return try policy.masker(pseudonymKey: policy.needsPseudonymKey ? try PseudonymKey.load(file: pseudonymKeyFile) : nil)
        } catch {
            FileHandle.standardError.write(Data("hegui: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
