package io.certmedic.cli;

import io.certmedic.core.text.Shell;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An object whose caBundle trusts a Service's CA: where {@code kubectl patch} finds the field. */
enum WebhookKind {
  VALIDATING(
      "validating", "validatingwebhookconfiguration", "/webhooks/0/clientConfig/caBundle", true),
  MUTATING("mutating", "mutatingwebhookconfiguration", "/webhooks/0/clientConfig/caBundle", true),
  CRD("crd", "customresourcedefinition", "/spec/conversion/webhook/clientConfig/caBundle", false),
  APISERVICE("apiservice", "apiservice", "/spec/caBundle", false);

  private final String cliName;
  private final String kubectlResource;
  private final String caBundlePath;
  private final boolean perWebhook;

  WebhookKind(String cliName, String kubectlResource, String caBundlePath, boolean perWebhook) {
    this.cliName = cliName;
    this.kubectlResource = kubectlResource;
    this.caBundlePath = caBundlePath;
    this.perWebhook = perWebhook;
  }

  String cliName() {
    return cliName;
  }

  /** The resource name kubectl takes, e.g. {@code validatingwebhookconfiguration}. */
  String kubectlResource() {
    return kubectlResource;
  }

  /** JSON pointer (RFC 6901) to the caBundle; for webhook configurations, the first webhook's. */
  String caBundlePath() {
    return caBundlePath;
  }

  /** True when the object holds a list of webhooks, each with its own caBundle. */
  boolean perWebhook() {
    return perWebhook;
  }

  /** The one-line JSON Patch (RFC 6902) that sets the caBundle to {@code base64}. */
  String jsonPatch(String base64) {
    return "[{\"op\":\"replace\",\"path\":\"" + caBundlePath + "\",\"value\":\"" + base64 + "\"}]";
  }

  /** The {@code kubectl patch} command for object {@code name}, the name quoted for the shell. */
  String kubectlPatch(String name, String base64) {
    return "kubectl patch "
        + kubectlResource
        + " "
        + Shell.quote(name)
        + " --type=json -p='"
        + jsonPatch(base64)
        + "'";
  }

  static String names() {
    return Arrays.stream(values()).map(WebhookKind::cliName).collect(Collectors.joining(", "));
  }

  /** Parses {@code --webhook-kind}. */
  static final class Converter implements ITypeConverter<WebhookKind> {
    @Override
    public WebhookKind convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (WebhookKind k : values()) {
        if (k.cliName.equals(v)) {
          return k;
        }
      }
      throw new TypeConversionException("unknown kind '" + value + "', expected one of " + names());
    }
  }
}
