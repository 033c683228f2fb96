package io.certmedic.core.fix;

/**
 * One step of the {@link Planner}: from the input and what the earlier steps decided, what this
 * step adds. Pure: the same input and earlier decisions give the same result (apart from new key
 * material, made with the input's injected randomness).
 */
sealed interface PlanningStep
    permits ServingRepairs,
        RetireOldCas,
        BundleCopies,
        NodeKubeconfigs,
        OrphanedApiServices,
        CertificateRenewals,
        UnrepairedFindings,
        RetireNote,
        StalePodRestarts {

  Decisions decide(PlanInput in, Decisions earlier);
}
