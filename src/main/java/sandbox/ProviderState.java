package sandbox;

/** Everything the sandbox holds for one simulated provider. */
record ProviderState<U extends SandboxUser>(
        SandboxProvider provider, SandboxUsers<U> users, SandboxFaults faults, SandboxRateLimit rateLimit) {

    ProviderDialect dialect() {
        return provider.dialect();
    }
}
