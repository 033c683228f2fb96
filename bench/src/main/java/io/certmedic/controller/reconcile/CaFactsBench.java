package io.certmedic.controller.reconcile;

import io.certmedic.controller.Annotations;
import io.certmedic.controller.ControllerOptions;
import io.certmedic.controller.rotation.CaState;
import io.certmedic.controller.testing.MapView;
import io.certmedic.controller.testing.Objects8;
import io.certmedic.controller.testing.SyncEngine;
import io.certmedic.core.testing.TestPki;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * What one CA reconcile spends reading the caches ({@link CaReconciler#facts}): N serving Secrets
 * and N webhook configurations, converged in the controller tests' in-memory cluster. "first sight"
 * is a new reconciler (every object version judged), "cached" the same one again (what a CA
 * reconcile costs when one object changed). In this package to reach the package-private method.
 * Usage: {@code CaFactsBench [N=1300] [ROUNDS=7]}
 */
public final class CaFactsBench {

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1300;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    ControllerOptions options = ControllerOptions.defaults("certmedic", "bench");
    MapView cluster = new MapView();
    for (int i = 0; i < n; i++) {
      String ns = "team-" + (i % 10);
      cluster.put(Objects8.annotatedService(ns, "hook-" + i, "hook-" + i + "-tls"));
      cluster.put(
          Objects8.webhook(
              "hook-" + i, ns, "hook-" + i, Map.of(Annotations.INJECT_CABUNDLE, "true")));
    }
    new SyncEngine(cluster, options, new SecureRandom()).converge(TestPki.NOW);
    CaState state = CaSource.read(cluster, options).state().orElseThrow();
    double[] first = new double[rounds];
    double[] cached = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      CaReconciler ca = new CaReconciler(options, new SecureRandom());
      long t0 = System.nanoTime();
      ca.facts(state, cluster);
      long t1 = System.nanoTime();
      ca.facts(state, cluster);
      long t2 = System.nanoTime();
      first[r] = (t1 - t0) / 1e6;
      cached[r] = (t2 - t1) / 1e6;
    }
    System.out.printf(
        Locale.ROOT,
        "CA facts over %d serving Secrets + %d webhook configurations, %d rounds: first sight median %.1f ms "
            + "(min %.1f), cached median %.1f ms (min %.1f)%n",
        n,
        n,
        rounds,
        median(first),
        Arrays.stream(first).min().orElseThrow(),
        median(cached),
        Arrays.stream(cached).min().orElseThrow());
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
