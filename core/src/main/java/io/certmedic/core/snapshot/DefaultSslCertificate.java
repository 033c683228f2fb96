package io.certmedic.core.snapshot;

import io.certmedic.core.finding.ObjectRef;
import java.util.ArrayList;
import java.util.List;

/**
 * ingress-nginx's {@code --default-ssl-certificate=namespace/name}: the Secret served to every TLS
 * client whose host no Ingress names, as found on a container of {@code workload}. {@code
 * $(POD_NAMESPACE)} in the argument is read as the workload's namespace, as the controller does.
 */
public record DefaultSslCertificate(
    ObjectRef workload, String container, String namespace, String name) {

  /** The flag, as ingress-nginx spells it. */
  public static final String FLAG = "--default-ssl-certificate";

  private static final String POD_NAMESPACE = "$(POD_NAMESPACE)";

  /**
   * Every {@code --default-ssl-certificate} on the containers of {@code w}, written as {@code
   * --flag=ns/name} or {@code --flag ns/name}; a value without a namespace is ignored (the
   * controller refuses it).
   */
  public static List<DefaultSslCertificate> of(WorkloadRecord w) {
    List<DefaultSslCertificate> out = new ArrayList<>();
    for (WorkloadRecord.Container c : w.containers()) {
      List<String> args = c.args();
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        String value = null;
        if (a.startsWith(FLAG + "=")) {
          value = a.substring(FLAG.length() + 1);
        } else if (a.equals(FLAG) && i + 1 < args.size()) {
          value = args.get(i + 1);
        }
        if (value == null) {
          continue;
        }
        value = value.strip();
        if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
          continue;
        }
        String ns = value.substring(0, slash);
        out.add(
            new DefaultSslCertificate(
                w.meta().ref(),
                c.name(),
                POD_NAMESPACE.equals(ns) ? w.meta().namespace() : ns,
                value.substring(slash + 1)));
      }
    }
    return out;
  }
}
