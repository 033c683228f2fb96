package io.certmedic.controller.reconcile;

import io.certmedic.controller.Annotations;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * An object certmedic keeps a trust bundle in: each kind knows where its bundles are (one per
 * webhook entry that calls a Service, the conversion webhook, the APIService, the ConfigMap key)
 * and how to set them on a copy.
 */
sealed interface InjectionTarget {

  HasMetadata object();

  /** The bundles the object holds now, one per place (base64-decoded; empty when unset). */
  List<byte[]> current();

  /** A copy of the object with {@code pem} in every place. */
  HasMetadata withBundle(byte[] pem);

  /** Why nothing can be injected here ("" when something can): no place calls a Service. */
  default String unusable() {
    return current().isEmpty()
        ? KubeObjects.describe(object()) + " has no place for a caBundle that calls a Service"
        : "";
  }

  static Optional<InjectionTarget> of(HasMetadata o) {
    if (o instanceof ValidatingWebhookConfiguration v) {
      return Optional.of(new WebhookTarget(v));
    }
    if (o instanceof MutatingWebhookConfiguration m) {
      return Optional.of(new MutatingTarget(m));
    }
    if (o instanceof CustomResourceDefinition c) {
      return Optional.of(new CrdConversionTarget(c));
    }
    if (o instanceof APIService a) {
      return Optional.of(new ApiServiceTarget(a));
    }
    if (o instanceof ConfigMap c) {
      return Optional.of(new ConfigMapTarget(c));
    }
    return Optional.empty();
  }

  private static byte[] bytes(String base64) {
    return KubeObjects.decode(base64);
  }

  /** Every webhook entry with {@code clientConfig.service}; URL webhooks are left alone. */
  record WebhookTarget(ValidatingWebhookConfiguration object) implements InjectionTarget {
    @Override
    public List<byte[]> current() {
      List<byte[]> out = new ArrayList<>();
      for (ValidatingWebhook w :
          object.getWebhooks() == null ? List.<ValidatingWebhook>of() : object.getWebhooks()) {
        if (w.getClientConfig() != null && w.getClientConfig().getService() != null) {
          out.add(bytes(w.getClientConfig().getCaBundle()));
        }
      }
      return out;
    }

    @Override
    public HasMetadata withBundle(byte[] pem) {
      ValidatingWebhookConfiguration c = KubeObjects.copy(object);
      for (ValidatingWebhook w : c.getWebhooks()) {
        set(w.getClientConfig(), pem);
      }
      return c;
    }
  }

  record MutatingTarget(MutatingWebhookConfiguration object) implements InjectionTarget {
    @Override
    public List<byte[]> current() {
      List<byte[]> out = new ArrayList<>();
      for (MutatingWebhook w :
          object.getWebhooks() == null ? List.<MutatingWebhook>of() : object.getWebhooks()) {
        if (w.getClientConfig() != null && w.getClientConfig().getService() != null) {
          out.add(bytes(w.getClientConfig().getCaBundle()));
        }
      }
      return out;
    }

    @Override
    public HasMetadata withBundle(byte[] pem) {
      MutatingWebhookConfiguration c = KubeObjects.copy(object);
      for (MutatingWebhook w : c.getWebhooks()) {
        set(w.getClientConfig(), pem);
      }
      return c;
    }
  }

  private static void set(WebhookClientConfig cc, byte[] pem) {
    if (cc != null && cc.getService() != null) {
      cc.setCaBundle(KubeObjects.encode(pem));
    }
  }

  /** The conversion webhook of a CRD whose strategy is Webhook. */
  record CrdConversionTarget(CustomResourceDefinition object) implements InjectionTarget {
    @Override
    public List<byte[]> current() {
      var conv = object.getSpec() == null ? null : object.getSpec().getConversion();
      if (conv == null
          || !"Webhook".equals(conv.getStrategy())
          || conv.getWebhook() == null
          || conv.getWebhook().getClientConfig() == null
          || conv.getWebhook().getClientConfig().getService() == null) {
        return List.of();
      }
      return List.of(bytes(conv.getWebhook().getClientConfig().getCaBundle()));
    }

    @Override
    public HasMetadata withBundle(byte[] pem) {
      CustomResourceDefinition c = KubeObjects.copy(object);
      c.getSpec()
          .getConversion()
          .getWebhook()
          .getClientConfig()
          .setCaBundle(KubeObjects.encode(pem));
      return c;
    }
  }

  /** A non-local APIService (one with spec.service). */
  record ApiServiceTarget(APIService object) implements InjectionTarget {
    @Override
    public List<byte[]> current() {
      if (object.getSpec() == null || object.getSpec().getService() == null) {
        return List.of();
      }
      return List.of(bytes(object.getSpec().getCaBundle()));
    }

    @Override
    public String unusable() {
      if (object.getSpec() != null
          && Boolean.TRUE.equals(object.getSpec().getInsecureSkipTLSVerify())) {
        return "APIService "
            + object.getMetadata().getName()
            + " sets insecureSkipTLSVerify: true, which the API server refuses beside a caBundle; "
            + "certmedic leaves the choice to you: set it to false to have the bundle injected";
      }
      return InjectionTarget.super.unusable();
    }

    @Override
    public HasMetadata withBundle(byte[] pem) {
      APIService c = KubeObjects.copy(object);
      c.getSpec().setCaBundle(KubeObjects.encode(pem));
      return c;
    }
  }

  /** The {@code ca-bundle.crt} key of a ConfigMap, as service-ca keeps it. */
  record ConfigMapTarget(ConfigMap object) implements InjectionTarget {
    @Override
    public List<byte[]> current() {
      String v =
          object.getData() == null ? null : object.getData().get(Annotations.CONFIGMAP_BUNDLE_KEY);
      return List.of(v == null ? new byte[0] : v.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public HasMetadata withBundle(byte[] pem) {
      ConfigMap c = KubeObjects.copy(object);
      LinkedHashMap<String, String> data =
          new LinkedHashMap<>(c.getData() == null ? java.util.Map.of() : c.getData());
      data.put(Annotations.CONFIGMAP_BUNDLE_KEY, new String(pem, StandardCharsets.UTF_8));
      c.setData(data);
      return c;
    }
  }
}
