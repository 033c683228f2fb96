package io.certmedic.core.link;

import io.certmedic.core.operator.KnownOperators;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.WorkloadRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Who fills a caller's caBundle: cert-manager's cainjector, OpenShift's service-ca operator,
 * certmedic, a kube-webhook-certgen {@code patch} Job, or an operator that fills its own caBundle
 * at start ({@link KnownOperators}), as the input shows them.
 */
public final class Injectors {

  /** One injector claiming a caller, and where it takes the CA from ("" when implicit). */
  public record Injector(String name, String annotation, String source) {
    public String describe() {
      return name
          + (annotation.isEmpty()
              ? ""
              : " (" + annotation + (source.isEmpty() ? "" : ": " + source) + ")");
    }
  }

  public static final String CM_FROM = "cert-manager.io/inject-ca-from";
  public static final String CM_FROM_SECRET = "cert-manager.io/inject-ca-from-secret";
  public static final String CM_APISERVER = "cert-manager.io/inject-apiserver-ca";
  public static final String OPENSHIFT = "service.beta.openshift.io/inject-cabundle";
  public static final String CERTMEDIC = "certmedic.io/inject-cabundle";
  public static final String CERTMEDIC_FROM = "certmedic.io/inject-cabundle-from";

  private Injectors() {}

  public static List<Injector> of(Snapshot s, Caller c) {
    List<Injector> out = new ArrayList<>();
    var ann = c.meta().annotations();
    if (ann.containsKey(CM_FROM)) {
      out.add(new Injector("cert-manager cainjector", CM_FROM, ann.get(CM_FROM)));
    } else if (ann.containsKey(CM_FROM_SECRET)) {
      out.add(new Injector("cert-manager cainjector", CM_FROM_SECRET, ann.get(CM_FROM_SECRET)));
    } else if ("true".equals(ann.get(CM_APISERVER))) {
      out.add(new Injector("cert-manager cainjector", CM_APISERVER, ""));
    }
    if ("true".equals(ann.get(OPENSHIFT))) {
      out.add(new Injector("OpenShift service-ca operator", OPENSHIFT, ""));
    }
    if (ann.containsKey(CERTMEDIC_FROM)) {
      out.add(new Injector("certmedic controller", CERTMEDIC_FROM, ann.get(CERTMEDIC_FROM)));
    } else if ("true".equals(ann.get(CERTMEDIC))) {
      out.add(new Injector("certmedic controller", CERTMEDIC, ""));
    }
    for (KnownOperators.Match m : KnownOperators.of(s, c, KnownOperators.Role.FILLS_AT_START)) {
      out.add(
          new Injector(
              m.row().operator()
                  + " (filled at start by "
                  + m.workload().meta().ref().describe()
                  + ", "
                  + m.setting()
                  + ")",
              "",
              ""));
    }
    if (c instanceof Caller.Webhook) {
      for (WorkloadRecord w :
          s.jobs()) { // indexed once: a cluster has thousands of workloads and callers
        if (!"Job".equals(w.meta().ref().kind()) && !"CronJob".equals(w.meta().ref().kind())) {
          continue;
        }
        for (WorkloadRecord.Container ct : w.containers()) {
          if (ct.args().contains("patch")
              && argValue(ct.args(), "--webhook-name").equals(c.meta().name())
              && patches(ct.args(), c.meta().ref().kind())) {
            out.add(
                new Injector(
                    "kube-webhook-certgen Job "
                        + w.meta().ref().namespace()
                        + "/"
                        + w.meta().ref().name(),
                    "",
                    "Secret " + argValue(ct.args(), "--secret-name")));
          }
        }
      }
    }
    return out;
  }

  /**
   * Whether a certgen {@code patch} run touches configurations of this kind: it patches both unless
   * told {@code --patch-mutating=false} or {@code --patch-validating=false}.
   */
  static boolean patches(List<String> args, String kind) {
    String flag = kind.startsWith("Mutating") ? "--patch-mutating" : "--patch-validating";
    return !"false".equalsIgnoreCase(argValue(args, flag));
  }

  /** The value of {@code --flag=value} or {@code --flag value} in args; "" when absent. */
  public static String argValue(List<String> args, String flag) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith(flag + "=")) {
        return a.substring(flag.length() + 1);
      }
      if (a.equals(flag) && i + 1 < args.size()) {
        return args.get(i + 1);
      }
    }
    return "";
  }
}
