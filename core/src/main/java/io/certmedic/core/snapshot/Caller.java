package io.certmedic.core.snapshot;

import java.util.List;

/**
 * Something the API server calls over TLS: an admission webhook, a CRD conversion webhook or an
 * aggregated API. The checks judge each one as the API server will.
 */
public sealed interface Caller {

  Meta meta();

  ClientConfig client();

  /** How a person names it: {@code webhook "x" in ValidatingWebhookConfiguration y}. */
  String describe();

  /** True when a failure makes API requests fail (failurePolicy Fail, conversion, aggregation). */
  boolean failClosed();

  /** One webhook entry of a Validating or MutatingWebhookConfiguration. */
  record Webhook(
      Meta meta, String webhook, String failurePolicy, List<String> rules, ClientConfig client)
      implements Caller {
    public Webhook {
      rules = List.copyOf(rules);
    }

    @Override
    public String describe() {
      return "webhook \"" + webhook + "\" in " + meta.ref().describe();
    }

    @Override
    public boolean failClosed() {
      return !"Ignore".equals(failurePolicy); // the API server's default is Fail
    }
  }

  /** A CustomResourceDefinition's conversion webhook; {@code versions} are the served versions. */
  record Conversion(Meta meta, List<String> versions, ClientConfig client) implements Caller {
    public Conversion {
      versions = List.copyOf(versions);
    }

    @Override
    public String describe() {
      return "conversion webhook of " + meta.ref().describe();
    }

    @Override
    public boolean failClosed() {
      return versions.size() > 1;
    }
  }

  /** An APIService backed by a Service (non-local). */
  record ApiService(
      Meta meta,
      ClientConfig client,
      boolean insecureSkipTlsVerify,
      Boolean available,
      String availableReason,
      String availableMessage)
      implements Caller {
    @Override
    public String describe() {
      return meta.ref().describe();
    }

    @Override
    public boolean failClosed() {
      return true;
    }
  }
}
