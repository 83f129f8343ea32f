package sandbox.common;

/** Everything the sandbox holds for one simulated provider, and how it talks ({@link ProviderDialect}). */
public record ProviderState<U extends SandboxUser>(SandboxProvider provider, ProviderDialect dialect,
        SandboxUsers<U> users, SandboxFaults faults, SandboxRateLimit rateLimit) {
}
