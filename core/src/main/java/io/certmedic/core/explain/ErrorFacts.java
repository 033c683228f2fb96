package io.certmedic.core.explain;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * What one error line says, and nothing more: the family, the TLS stack that wrote it, and the
 * fields it carries (webhook, URL, names, times, the candidate authority ...). Absent fields are
 * {@code null} (or an empty list); times are kept as written in the line.
 */
public record ErrorFacts(
    Family family,
    Stack stack,
    String webhook,
    CrdRef crd,
    String apiService,
    String url,
    String host,
    Integer port,
    String path,
    ServiceRef service,
    String wanted,
    List<String> validFor,
    String currentTime,
    String notAfter,
    String notBefore,
    String authority,
    String reason,
    String alert,
    String peer,
    String caller,
    String timestamp) {

  public ErrorFacts {
    requireNonNull(family, "family == null");
    validFor = validFor == null ? List.of() : List.copyOf(validFor);
  }

  /**
   * What explanations are grouped by: the webhook, else the converted kind, else the APIService,
   * else the Service, else host and port, else the wanted name, else the peer (without its
   * ephemeral port).
   */
  public String target() {
    if (webhook != null) {
      return "webhook " + webhook;
    }
    if (crd != null) {
      return "conversion " + crd;
    }
    if (apiService != null) {
      return "apiservice " + apiService;
    }
    if (service != null) {
      return "service " + service;
    }
    if (host != null) {
      return port != null ? host + ":" + port : host;
    }
    if (wanted != null) {
      return wanted;
    }
    if (peer != null) {
      return "peer " + peer;
    }
    return caller != null ? caller : "-";
  }

  public ErrorFacts withTimestamp(String ts) {
    return toBuilder().timestamp(ts).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.family = family;
    b.stack = stack;
    b.webhook = webhook;
    b.crd = crd;
    b.apiService = apiService;
    b.url = url;
    b.host = host;
    b.port = port;
    b.path = path;
    b.service = service;
    b.wanted = wanted;
    b.validFor = new ArrayList<>(validFor);
    b.currentTime = currentTime;
    b.notAfter = notAfter;
    b.notBefore = notBefore;
    b.authority = authority;
    b.reason = reason;
    b.alert = alert;
    b.peer = peer;
    b.caller = caller;
    b.timestamp = timestamp;
    return b;
  }

  public static Builder builder(Family family) {
    return new Builder().family(family);
  }

  /** Mutable builder, filled by the matchers and the field extractors. */
  public static final class Builder {
    Family family;
    Stack stack;
    String webhook;
    CrdRef crd;
    String apiService;
    String url;
    String host;
    Integer port;
    String path;
    ServiceRef service;
    String wanted;
    List<String> validFor = new ArrayList<>();
    String currentTime;
    String notAfter;
    String notBefore;
    String authority;
    String reason;
    String alert;
    String peer;
    String caller;
    String timestamp;

    Builder() {}

    public Builder family(Family v) {
      family = v;
      return this;
    }

    public Builder stack(Stack v) {
      stack = v;
      return this;
    }

    public Builder webhook(String v) {
      webhook = v;
      return this;
    }

    public Builder crd(CrdRef v) {
      crd = v;
      return this;
    }

    public Builder apiService(String v) {
      apiService = v;
      return this;
    }

    public Builder url(String v) {
      url = v;
      return this;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(Integer v) {
      port = v;
      return this;
    }

    public Builder path(String v) {
      path = v;
      return this;
    }

    public Builder service(ServiceRef v) {
      service = v;
      return this;
    }

    public Builder wanted(String v) {
      wanted = v;
      return this;
    }

    public Builder validFor(List<String> v) {
      validFor = new ArrayList<>(v);
      return this;
    }

    public Builder currentTime(String v) {
      currentTime = v;
      return this;
    }

    public Builder notAfter(String v) {
      notAfter = v;
      return this;
    }

    public Builder notBefore(String v) {
      notBefore = v;
      return this;
    }

    public Builder authority(String v) {
      authority = v;
      return this;
    }

    public Builder reason(String v) {
      reason = v;
      return this;
    }

    public Builder alert(String v) {
      alert = v;
      return this;
    }

    public Builder peer(String v) {
      peer = v;
      return this;
    }

    public Builder caller(String v) {
      caller = v;
      return this;
    }

    public Builder timestamp(String v) {
      timestamp = v;
      return this;
    }

    public ErrorFacts build() {
      return new ErrorFacts(
          family,
          stack,
          webhook,
          crd,
          apiService,
          url,
          host,
          port,
          path,
          service,
          wanted,
          validFor,
          currentTime,
          notAfter,
          notBefore,
          authority,
          reason,
          alert,
          peer,
          caller,
          timestamp);
    }
  }
}
