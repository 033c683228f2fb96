package io.certmedic.core.fix;

import io.certmedic.core.finding.FindingCode;
import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.link.ServingLink;
import io.certmedic.core.text.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The manual action for a serving Secret another controller keeps: fix the cert-manager
 * Certificate's names when names are wrong, else delete the Secret so its owner reissues it; then
 * restart what mounts it.
 */
final class OwnedSecrets {

  private OwnedSecrets() {}

  /**
   * @param neededNames every name the callers' Services need (for a Certificate's dnsNames)
   * @param mounting the workloads that read the Secret at start
   */
  static Step.ManualAction action(
      ServingLink link,
      Owners.Owner o,
      ReissueVerdicts.Verdict verdict,
      List<String> neededNames,
      List<ObjectRef> mounting) {
    String ns = link.secretNamespace();
    List<String> commands = new ArrayList<>();
    String what;
    if ("cert-manager".equals(o.manager()) && verdict.namesWrong()) {
      String cert = o.how().substring("Certificate ".length());
      what =
          "Secret "
              + ns
              + "/"
              + link.secretName()
              + " is kept by cert-manager ("
              + o.how()
              + "): fix Certificate "
              + cert
              + "'s dnsNames to include "
              + String.join(", ", neededNames)
              + "; cert-manager then reissues it";
      commands.add(
          "kubectl -n "
              + Shell.quote(ns)
              + " edit certificate "
              + Shell.quote(cert.substring(cert.indexOf('/') + 1))
              + "   # spec.dnsNames: "
              + String.join(", ", neededNames));
    } else {
      what =
          "Secret "
              + ns
              + "/"
              + link.secretName()
              + " is kept by "
              + o.manager()
              + " ("
              + o.how()
              + "): delete it so "
              + o.manager()
              + " reissues it ("
              + String.join(", ", verdict.codes().stream().map(FindingCode::name).toList())
              + ")";
      commands.add(
          Shell.command(List.of("kubectl", "-n", ns, "delete", "secret", link.secretName())));
    }
    for (ObjectRef w : mounting) {
      commands.add(
          Shell.command(
                  List.of(
                      "kubectl",
                      "-n",
                      w.namespace(),
                      "rollout",
                      "restart",
                      w.kind().toLowerCase(Locale.ROOT),
                      w.name()))
              + "   # once the new Secret is there");
    }
    return new Step.ManualAction(link.secretRef(), o.manager(), what, commands, Map.of());
  }
}
