package io.certmedic.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a synthetic kube-apiserver-style log: klog lines of the kinds a busy API server writes,
 * with about one line in {@value #TLS_EVERY} a TLS failure (webhook, conversion, kubelet, remote
 * handshake errors) as in the External-Secrets incident. Deterministic for a seed.
 *
 * <p>Usage: {@code SyntheticLog FILE [MEGABYTES=1024] [SEED=1]}
 */
public final class SyntheticLog {

  /** One TLS failure every this many lines on average. */
  static final int TLS_EVERY = 500;

  /** Every template takes, in order: time, an id, milliseconds, a hex audit id, two IP octets. */
  private static final String[] NOISE = {
    "I%s       1 trace.go:236] Trace[%d]: \"List\" accept:application/json, */*,api-group:,api-version:v1,name:,subresource:,namespace:kube-system,protocol:HTTP/2.0,resource:pods,scope:namespace,url:/api/v1/namespaces/kube-system/pods,user-agent:kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819,verb:LIST (total time: %dms) audit-id:%08x,client:10.0.%d.%d",
    "I%s       1 httplog.go:132] \"HTTP\" verb=\"GET\" URI=\"/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-%d?timeout=10s\" latency=\"%dms\" userAgent=\"kubelet/v1.29.2\" audit-ID=\"%08x\" srcIP=\"10.0.%d.%d:443\" resp=200",
    "W%s       1 warnings.go:70] metadata.finalizers: \"foregroundDeletion\": prefer a domain-qualified finalizer name to avoid accidental conflicts with other finalizer writers (object %d, %dms, audit-ID %08x, 10.0.%d.%d)",
    "I%s       1 controller.go:624] quota admission added evaluator for: endpointslices.discovery.k8s.io (object %d, %dms, audit-ID %08x, 10.0.%d.%d)",
    "E%s       1 status.go:71] apiserver received an error that is not an metav1.Status: &errors.errorString{s:\"context canceled\"}: context canceled (request %d, %dms, audit-ID %08x, 10.0.%d.%d)",
    "I%s       1 alloc.go:330] \"allocated clusterIPs\" service=\"default/app-%d\" clusterIPs={\"IPv4\":\"10.96.%d.1\"} audit-ID=%08x src=10.0.%d.%d",
  };

  private static final String[] TLS = {
    "W%s      17 dispatcher.go:217] Failed calling webhook, failing closed webhook.external-secrets.io: failed calling webhook \"validate.externalsecret.external-secrets.io\": failed to call webhook: Post \"https://external-secrets-operator-webhook.external-secrets-operator.svc:443/validate-external-secrets-io-v1beta1-externalsecret?timeout=5s\": tls: failed to verify certificate: x509: certificate signed by unknown authority",
    "E%s      17 cacher.go:475] cacher (externalsecrets.external-secrets.io): unexpected ListAndWatch error: failed to list external-secrets.io/v1beta1, Kind=ExternalSecret: conversion webhook for external-secrets.io/v1beta1, Kind=ExternalSecret failed: Post \"https://external-secrets-operator-webhook.external-secrets-operator.svc:443/convert?timeout=30s\": tls: failed to verify certificate: x509: certificate is valid for external-secrets-operator-webhook.external-secrets-operator.svc, not external-secrets-webhook.external-secrets-operator.svc; reinitializing...",
    "W%s      17 dispatcher.go:205] Failed calling webhook, failing open s2i.kubesphere.io: failed calling webhook \"s2i.kubesphere.io\": failed to call webhook: Post \"https://webhook-server-service.kubesphere-devops-system.svc:443/mutate?timeout=10s\": x509: certificate has expired or is not yet valid: current time 2024-02-25T04:24:18Z is after 2024-02-14T06:08:48Z",
    "E%s      17 available_controller.go:460] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.244.1.7:10250/apis/metrics.k8s.io/v1beta1: Get \"https://10.244.1.7:10250/apis/metrics.k8s.io/v1beta1\": x509: cannot validate certificate for 10.244.1.7 because it doesn't contain any IP SANs",
  };

  private SyntheticLog() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: SyntheticLog FILE [MEGABYTES=1024] [SEED=1]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    long target = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
    long[] counts;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      counts = write(out, target, seed);
    }
    System.out.printf(
        "wrote %s: %d bytes, %d lines, %d TLS failure lines%n",
        file, counts[0], counts[1], counts[2]);
  }

  /** Writes at least {@code target} bytes of log; returns {bytes, lines, TLS failure lines}. */
  public static long[] write(OutputStream out, long target, long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    long written = 0;
    long lines = 0;
    long tls = 0;
    {
      while (written < target) {
        long second = lines / 2000;
        String ts =
            String.format(
                "0225 %02d:%02d:%02d.%06d",
                (4 + second / 3600) % 24, (second / 60) % 60, second % 60, rnd.nextInt(1_000_000));
        String line;
        if (rnd.nextInt(TLS_EVERY) == 0) {
          line = String.format(TLS[rnd.nextInt(TLS.length)], ts);
          tls++;
        } else {
          line =
              String.format(
                  NOISE[rnd.nextInt(NOISE.length)],
                  ts,
                  rnd.nextInt(100000),
                  rnd.nextInt(900),
                  rnd.nextInt(),
                  rnd.nextInt(256),
                  rnd.nextInt(256));
        }
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(b);
        written += b.length;
        lines++;
      }
    }
    return new long[] {written, lines, tls};
  }
}
