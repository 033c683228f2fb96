package io.certmedic.cli;

import io.certmedic.core.issue.CertificateAuthority;
import io.certmedic.core.issue.IssuedCertificate;
import io.certmedic.core.issue.Issuer;
import io.certmedic.core.issue.KeyType;
import io.certmedic.core.issue.ServiceNames;
import io.certmedic.core.issue.ServingCertRequest;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.text.Shell;
import io.certmedic.core.verify.IpLiteral;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code certmedic issue}: a CA (new or given) and a serving certificate for a Service, as files or
 * a Secret.
 */
@Command(
    name = "issue",
    mixinStandardHelpOptions = true,
    header = "Issues a serving certificate for a Service.",
    description = {
      "Issues a serving certificate for a Service carrying every name a client in",
      "the cluster may dial: name, name.ns, name.ns.svc, name.ns.svc.<domain>.",
      "Signs it with a new CA, or with --ca-cert/--ca-key. Writes ca.crt, tls.crt,",
      "tls.key (and ca.key for a new CA) into --out DIR, or prints a",
      "kubernetes.io/tls Secret with -o secret-yaml.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  # Files, and a new CA whose key (ca.key) you keep for renewals",
      "  certmedic issue --service webhook-server-service \\",
      "      --namespace kubesphere-devops-system --out ./certs",
      "",
      "  # Renew with the same CA, so caBundles need not change",
      "  certmedic issue --service webhook-server-service \\",
      "      --namespace kubesphere-devops-system --out ./certs --force \\",
      "      --ca-cert ./certs/ca.crt --ca-key ./certs/ca.key",
      "",
      "  # A Secret straight into the cluster; the caBundle patch follows as comments",
      "  certmedic issue --service policy-gate-svc --namespace gatekeeping \\",
      "      -o secret-yaml --webhook policy-gate | kubectl apply -f -",
      "",
      "  # A headless Service's pods (pod-0.db.data.svc ...) and an IP",
      "  certmedic issue --service db --namespace data --headless \\",
      "      --ip 10.96.0.10 --out ./db-certs"
    })
public final class IssueCommand implements Callable<Integer> {

  /** Days a serving cert lives unless --days says otherwise. */
  static final int DEFAULT_DAYS = (int) ServingCertRequest.DEFAULT_LIFETIME.toDays();

  /** Longest --days accepted: ten years, the longest lifetime the incidents' owners asked for. */
  static final int MAX_DAYS = 3650;

  /** The one value -o takes. */
  static final String SECRET_YAML = "secret-yaml";

  @Spec CommandSpec spec;

  @Option(
      names = "--service",
      required = true,
      paramLabel = "NAME",
      description = "The Service the certificate serves.")
  String service;

  @Option(
      names = {"-n", "--namespace"},
      required = true,
      paramLabel = "NS",
      description = "The Service's namespace.")
  String namespace;

  @Option(
      names = "--cluster-domain",
      paramLabel = "DOMAIN",
      defaultValue = ServiceNames.DEFAULT_CLUSTER_DOMAIN,
      description = "The cluster's DNS domain (default: ${DEFAULT-VALUE}).")
  String clusterDomain;

  @Option(
      names = "--extra-name",
      paramLabel = "DNS",
      description = "Another DNS name to carry; repeatable.")
  List<String> extraNames = new ArrayList<>();

  @Option(names = "--ip", paramLabel = "IP", description = "An IP address to carry; repeatable.")
  List<String> ips = new ArrayList<>();

  @Option(
      names = "--headless",
      description = "Also carry *.name.ns.svc[.domain]: the names of a headless Service's pods.")
  boolean headless;

  @Option(
      names = "--key-type",
      paramLabel = "TYPE",
      defaultValue = "ecdsa-p256",
      converter = KeyTypeConverter.class,
      description = "ecdsa-p256 (default), ecdsa-p384, rsa-2048, rsa-3072, rsa-4096 or ed25519.")
  KeyType keyType;

  @Option(
      names = "--days",
      paramLabel = "N",
      description = "Days the certificate is valid (default: 90).")
  int days = DEFAULT_DAYS;

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      description = "Sign with this CA certificate (PEM) instead of a new CA.")
  Path caCert;

  @Option(
      names = "--ca-key",
      paramLabel = "FILE",
      description = "The private key (PEM) of --ca-cert.")
  Path caKey;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write ca.crt, tls.crt, tls.key (and ca.key for a new CA) here.")
  Path out;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "secret-yaml: print a kubernetes.io/tls Secret.")
  String output;

  @Option(names = "--force", description = "Overwrite files that already exist in --out.")
  boolean force;

  @Option(
      names = "--secret-name",
      paramLabel = "NAME",
      description = "Name of the Secret (default: <service>-tls).")
  String secretName;

  @Option(
      names = "--webhook",
      paramLabel = "NAME",
      description = "Also print the kubectl patch that sets this object's caBundle.")
  String webhook;

  @Option(
      names = "--webhook-kind",
      paramLabel = "KIND",
      defaultValue = "validating",
      converter = WebhookKind.Converter.class,
      description = "Kind of --webhook: validating (default), mutating, crd or apiservice.")
  WebhookKind webhookKind;

  @Override
  public Integer call() {
    validate();
    Instant now = Instant.now();
    SecureRandom random = new SecureRandom();
    ServingCertRequest request = request();

    boolean newCa = caCert == null;
    List<X509Certificate> bundle;
    CertificateAuthority ca;
    if (newCa) {
      Duration caLifetime =
          Issuer.CA_LIFETIME.compareTo(request.lifetime()) >= 0
              ? Issuer.CA_LIFETIME
              : request.lifetime();
      ca =
          Issuer.newCa(
              "certmedic-ca-" + service + "." + namespace, keyType, caLifetime, now, random);
      bundle = List.of(ca.certificate());
    } else {
      CaFiles files = CaFiles.read(caCert, caKey, now);
      ca = files.authority();
      bundle = files.bundle();
    }
    IssuedCertificate issued = Issuer.serving(ca, request, now, random);

    List<X509Certificate> served = new ArrayList<>(List.of(issued.certificate()));
    X509Certificate signer = ca.certificate();
    if (!signer.getSubjectX500Principal().equals(signer.getIssuerX500Principal())) {
      served.add(
          signer); // an intermediate: clients that trust only the root need it to build the chain
    }
    String caPem = PemWriter.certificates(bundle);
    String certPem = PemWriter.certificates(served);
    String keyPem = PemWriter.privateKey(issued.privateKey());
    Summary summary = new Summary(request, issued, ca, newCa, now);

    if (out != null) {
      OutputDir dir = new OutputDir(out).add("ca.crt", caPem, false);
      if (newCa) {
        dir.add("ca.key", PemWriter.privateKey(ca.privateKey()), true);
      }
      dir.add("tls.crt", certPem, false).add("tls.key", keyPem, true);
      List<Path> written = dir.write(force);
      PrintWriter o = spec.commandLine().getOut();
      o.print(summary.forFiles(written, caPem));
      o.flush();
    } else {
      String name = secretName();
      String about =
          "Serving certificate for "
              + ServiceNames.apiServerName(service, namespace)
              + " issued by certmedic, notAfter "
              + issued.certificate().getNotAfter().toInstant();
      String yaml =
          SecretYaml.render(
              new SecretYaml.Contents(name, namespace, caPem, certPem, keyPem, about),
              webhook == null ? null : new SecretYaml.Patch(webhookKind, webhook));
      PrintWriter o = spec.commandLine().getOut();
      o.print(yaml);
      o.flush();
      PrintWriter e = spec.commandLine().getErr();
      e.print(summary.forSecret(name));
      e.flush();
    }
    return ExitCode.OK;
  }

  private void validate() {
    if (!KubeNames.isServiceName(service)) {
      throw new UserException(
          "--service '"
              + service
              + "' is not a Service name (lower-case letters, digits and '-', starting with a letter)");
    }
    if (!KubeNames.isLabel(namespace)) {
      throw new UserException(
          "--namespace '"
              + namespace
              + "' is not a namespace name (lower-case letters, digits and '-')");
    }
    if (!KubeNames.isDnsName(ServiceNames.trimDots(clusterDomain))) {
      throw new UserException(
          "--cluster-domain '" + clusterDomain + "' is not a DNS domain (e.g. cluster.local)");
    }
    for (String n : extraNames) {
      if (!KubeNames.isDnsName(n.toLowerCase(Locale.ROOT))) {
        throw new UserException(
            "--extra-name '"
                + n
                + "' is not a DNS name (e.g. webhook.example.com or *.example.com)");
      }
    }
    for (String ip : ips) {
      if (!IpLiteral.isValid(ip)) {
        throw new UserException(
            "--ip '"
                + ip
                + "' is not an IP address literal (e.g. 10.96.0.10 or fd00::1); put DNS names in --extra-name");
      }
    }
    if (days <= 0 || days > MAX_DAYS) {
      throw new UserException(
          "--days "
              + days
              + " is out of range; pass 1 to "
              + MAX_DAYS
              + " (default "
              + DEFAULT_DAYS
              + ")");
    }
    if ((caCert == null) != (caKey == null)) {
      throw new UserException(
          (caCert == null
                  ? "--ca-key is given without --ca-cert"
                  : "--ca-cert is given without --ca-key")
              + "; pass both to sign with your CA, or neither to make a new one");
    }
    if ((out == null) == (output == null)) {
      throw new UserException(
          out == null
              ? "say where the certificate goes: --out DIR or -o secret-yaml"
              : "--out and -o both given; pass one of them");
    }
    if (output != null && !SECRET_YAML.equals(output)) {
      throw new UserException(
          "-o '" + output + "' is not a known format; the one format is " + SECRET_YAML);
    }
    if (secretName != null && !KubeNames.isSubdomain(secretName)) {
      throw new UserException(
          "--secret-name '"
              + secretName
              + "' is not a Secret name (lower-case letters, digits, '-' and '.')");
    }
    if (webhook != null && !KubeNames.isSubdomain(webhook)) {
      throw new UserException(
          "--webhook '"
              + webhook
              + "' is not an object name (lower-case letters, digits, '-' and '.')");
    }
  }

  private ServingCertRequest request() {
    List<String> extras =
        extraNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toList());
    return ServingCertRequest.forService(service, namespace)
        .withClusterDomain(ServiceNames.trimDots(clusterDomain))
        .withExtraNames(extras)
        .withIpAddresses(ips)
        .withHeadless(headless)
        .withKeyType(keyType)
        .withLifetime(Duration.ofDays(days));
  }

  private String secretName() {
    return secretName != null ? secretName : service + "-tls";
  }

  /** What was issued and what to do next, in a few lines; never any key material. */
  private final class Summary {
    private final ServingCertRequest request;
    private final IssuedCertificate issued;
    private final CertificateAuthority ca;
    private final boolean newCa;
    private final Instant now;

    Summary(
        ServingCertRequest request,
        IssuedCertificate issued,
        CertificateAuthority ca,
        boolean newCa,
        Instant now) {
      this.request = request;
      this.issued = issued;
      this.ca = ca;
      this.newCa = newCa;
      this.now = now;
    }

    private String head() {
      Instant notAfter = issued.certificate().getNotAfter().toInstant();
      // X.509 times have whole seconds: notAfter is now + days, less the fraction of a second cut
      // off
      long validDays = Duration.between(now, notAfter.plusSeconds(1)).toDays();
      StringBuilder s = new StringBuilder();
      s.append("Issued a serving certificate for Service ")
          .append(namespace)
          .append('/')
          .append(service)
          .append('\n');
      s.append("  key:      ")
          .append(keyType.cliName())
          .append(", signed by ")
          .append(newCa ? "a new CA " : "CA ")
          .append(ca.certificate().getSubjectX500Principal().getName())
          .append('\n');
      List<String> names = new ArrayList<>(request.dnsNames());
      names.addAll(request.ipAddresses());
      s.append("  names:    ").append(String.join(", ", names)).append('\n');
      s.append("  notAfter: ").append(notAfter).append(" (").append(validDays).append(" days)");
      if (validDays < days) {
        s.append(", cut short: the CA expires then");
      }
      s.append('\n');
      return s.toString();
    }

    String forFiles(List<Path> written, String caPem) {
      StringBuilder s = new StringBuilder(head());
      s.append("  wrote:    ")
          .append(
              written.stream()
                  .map(p -> p + (isKey(p) ? " (0600)" : ""))
                  .collect(Collectors.joining(", ")))
          .append('\n');
      String ca = Shell.quote(out.resolve("ca.crt").toString());
      String crt = Shell.quote(out.resolve("tls.crt").toString());
      String key = Shell.quote(out.resolve("tls.key").toString());
      s.append("Next:\n");
      s.append("  kubectl -n ")
          .append(Shell.quote(namespace))
          .append(" create secret generic ")
          .append(Shell.quote(secretName()))
          .append(" --type=kubernetes.io/tls --from-file=ca.crt=")
          .append(ca)
          .append(" --from-file=tls.crt=")
          .append(crt)
          .append(" --from-file=tls.key=")
          .append(key)
          .append('\n');
      if (webhook != null) {
        s.append("  ")
            .append(webhookKind.kubectlPatch(webhook, SecretYaml.base64(caPem)))
            .append('\n');
        if (webhookKind.perWebhook()) {
          s.append(
              "    (repeat with /webhooks/1/... for every webhook in it that calls this Service)\n");
        }
      } else {
        s.append(
                "  set the caBundle of each webhook, CRD conversion or APIService calling this Service to: base64 -w0 ")
            .append(ca)
            .append('\n');
      }
      s.append(
              "  restart the pods that serve it if they read the cert only at start; check with: certmedic inspect ")
          .append(crt)
          .append('\n');
      if (newCa) {
        s.append("  keep ")
            .append(Shell.quote(out.resolve("ca.key").toString()))
            .append(" secret; renew with --ca-cert ")
            .append(ca)
            .append(" --ca-key ")
            .append(Shell.quote(out.resolve("ca.key").toString()))
            .append(" so caBundles stay valid\n");
      }
      return s.toString();
    }

    String forSecret(String name) {
      StringBuilder s = new StringBuilder(head());
      s.append("  secret:   ")
          .append(namespace)
          .append('/')
          .append(name)
          .append(" (kubernetes.io/tls, with ca.crt) on stdout\n");
      s.append("Next: pipe it into 'kubectl apply -f -'");
      s.append(
          webhook != null
              ? ", then run the kubectl patch printed after it"
              : ", then set each caBundle that trusts this Service to its ca.crt");
      s.append(", and restart the pods that serve it.\n");
      if (newCa) {
        s.append(
            "Note: the new CA's private key was not kept; to renew under the same CA, issue with --out to keep ca.key.\n");
      }
      return s.toString();
    }

    private static boolean isKey(Path p) {
      return p.getFileName().toString().endsWith(".key");
    }
  }

  /** Parses {@code --key-type}, naming the valid types when it cannot. */
  static final class KeyTypeConverter implements ITypeConverter<KeyType> {
    @Override
    public KeyType convert(String value) {
      try {
        return KeyType.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
