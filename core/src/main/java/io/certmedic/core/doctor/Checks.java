package io.certmedic.core.doctor;

import java.util.List;

/**
 * Every check the doctor runs, in order, one per line. The doctor runs them all (unlike a
 * reissue chain, which stops at the first reason); the order only decides which check reports
 * first when two look at the same object. A test locks this list.
 */
public final class Checks {

  public static final List<Check> ALL = List.of(
      new InputUnreadable(), // what could not be read is reported, and the rest still analysed
      new ServiceReference(), // the caller points at a Service and port that exist (or an orphaned APIService)
      new CaBundlePresence(), // the caller has a CA to verify with, or an injector fills it
      new Injection(), // one injector per caBundle, and its source exists
      new ServingCertificate(), // the served cert is valid, names svc.ns.svc, chains to the caBundle, may serve, matches its key
      new CertNotManaged(), // something renews the served cert
      new CertificateNames(), // cert-manager Certificates carry real names, and the ones a caller dials
      new GeneratedCertNames(), // certificates generated at runtime (certgen, dynamic serving) will carry the name dialled
      new ApiServiceStatus(), // APIServices verify and are available
      new TrustBundleStale(), // bundle copies and kubeconfigs hold the current CAs
      new EnvTrustOverride(), // no environment variable silently replaces the CA a flag names
      new CertificateHygiene(), // every other certificate and key: expiry, parse, strength, key match
      new ServedCertificate(), // with --probe: what the pods serve verifies, and is what their Secret holds
      new KubeconfigServerTrust() // with --probe: each kubeconfig trusts what its server presents
      );

  private Checks() {}
}
