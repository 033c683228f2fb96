package io.certmedic.core.fix;

import io.certmedic.core.finding.Finding;
import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.Severity;
import io.certmedic.core.snapshot.CertificateRecord;
import io.certmedic.core.snapshot.Condition;
import io.certmedic.core.snapshot.IssuerRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A cert-manager Certificate the doctor found not Ready, not renewed by its renewalTime, or lacking
 * its names ({@code CERTIFICATE_NOT_READY} at warning or above) is renewed as {@code cmctl renew}
 * does: once, and only when renewing can help. Not when cert-manager is already issuing it (its
 * Issuing condition is True), nor when its Issuer is not Ready: that issuance would fail again, so
 * the Issuer's finding is left for a person.
 */
final class CertificateRenewals implements PlanningStep {

  @Override
  public Decisions decide(PlanInput in, Decisions earlier) {
    List<Step> steps = new ArrayList<>();
    Set<CertificateRecord> seen = new LinkedHashSet<>();
    for (Finding f : in.report().findings()) {
      if (f.code() != FindingCode.CERTIFICATE_NOT_READY
          || !f.severity().atLeast(Severity.WARNING)
          || !f.object().kind().equals("Certificate")) {
        continue;
      }
      Optional<CertificateRecord> c =
          in.snapshot().certificate(f.object().namespace(), f.object().name());
      if (c.isEmpty() || !seen.add(c.get()) || issuing(c.get()) || issuerDown(in, c.get())) {
        continue;
      }
      steps.add(new Step.RenewCertificate(f.object(), f.message()));
    }
    return Decisions.of(steps);
  }

  private static boolean issuing(CertificateRecord c) {
    return Condition.find(c.status().conditions(), Step.RenewCertificate.CONDITION)
        .map(Condition::isTrue)
        .orElse(false);
  }

  private static boolean issuerDown(PlanInput in, CertificateRecord c) {
    if (!c.issuerGroup().equals(CertificateRecord.CERT_MANAGER_GROUP)) {
      return false;
    }
    String kind = c.issuerKind() == null || c.issuerKind().isEmpty() ? "Issuer" : c.issuerKind();
    Optional<IssuerRecord> i = in.snapshot().issuer(kind, c.meta().namespace(), c.issuerName());
    return i.flatMap(IssuerRecord::ready).map(r -> !r.isTrue()).orElse(false);
  }
}
