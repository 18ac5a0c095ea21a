import Foundation

/// Runs the commands of a link emulation: the system's `ip`, `tc` and `nft`, or a fake in tests.
package protocol LinkCommandRunner: Sendable {
    /// Runs one command; throws, saying what it said, when it fails.
    func run(_ words: [String]) throws(LinkEmulationError)
}

/// The machine's own commands, found on the PATH (and in /usr/sbin, /sbin). Needs root.
package struct SystemLinkCommands: LinkCommandRunner {
    package init() {}
    package func run(_ words: [String]) throws(LinkEmulationError) { try LinkEmulation.run(words) }
}

/// A topology's links emulated on its netns hosts for as long as a run lasts (`fedactors launch
/// --emulate-links`): what an earlier run left is removed, the links are applied before the nodes
/// start, and removed when the run ends, whether it ends well, fails or is interrupted.
package struct EmulatedLinks: Sendable {
    /// The commands that apply the links.
    package let emulation: LinkEmulation
    /// The commands that remove them.
    package let clearing: [[String]]

    /// The emulation of `plan`'s links, with netem when the kernel has it (`hasNetem`, asked with
    /// one of the hosts' namespaces). Throws when no host is a netns host (nothing could be
    /// emulated) or when the process is not root (`isRoot`).
    package init(
        plan: RunPlan, isRoot: Bool = getuid() == 0,
        hasNetem: (String) -> Bool = LinkEmulation.kernelHasNetem(probeNamespace:)
    ) throws(LinkEmulationError) {
        guard let probe = plan.spec.hosts.lazy.compactMap(NetnsHost.init).first?.namespace else {
            throw LinkEmulationError(
                message:
                    """
                    --emulate-links needs hosts made by scripts/netns-hosts (a command starting `ip netns exec \
                    <prefix>h<N>`), and none of \(plan.spec.name)'s hosts is one: their links are modelled in virtual \
                    time only; run without --emulate-links
                    """
            )
        }
        guard isRoot else {
            throw LinkEmulationError(
                message:
                    """
                    --emulate-links changes tc qdiscs and nftables tables on this machine and needs root: run as root \
                    (sudo), or without --emulate-links
                    """
            )
        }
        do {
            emulation = try LinkEmulation(plan: plan, netem: hasNetem(probe))
        } catch {
            throw LinkEmulationError(message: error.description)
        }
        clearing = LinkEmulation.clearing(plan: plan)
    }

    /// Removes what an earlier apply left, applies the links, runs `body`, and removes the links
    /// however `body` ends (a failed apply removes what it applied and throws).
    package func during<T: Sendable>(
        _ commands: some LinkCommandRunner = SystemLinkCommands(), _ body: () async throws -> T
    ) async throws -> T {
        LinkEmulation.clear(clearing, with: commands)
        do {
            try emulation.apply(with: commands)
        } catch {
            LinkEmulation.clear(clearing, with: commands)
            throw error
        }
        defer { LinkEmulation.clear(clearing, with: commands) }
        return try await body()
    }
}
