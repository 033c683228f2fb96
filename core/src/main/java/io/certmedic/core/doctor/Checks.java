package io.certmedic.core.doctor;

import java.util.List;

/**
 * Every check the doctor runs, in order, one per line. The doctor runs them all (unlike a reissue
 * chain, which stops at the first reason); the order only decides which check reports first when
 * two look at the same object. A test locks this list.
 */
public final class Checks {

  public static final List<Check> ALL =
      List.of(
          // what could not be read is reported, and the rest still analysed
          new InputUnreadable(),
          // the caller points at a Service and port that exist (or an orphaned APIService)
          new ServiceReference(),
          // the caller has a CA to verify with, or an injector fills it
          new CaBundlePresence(),
          // one injector per caBundle, and its source exists
          new Injection(),
          // the served cert is valid, names svc.ns.svc, chains to the caBundle, may serve,
          // matches its key
          new ServingCertificate(),
          // something renews the served cert
          new CertNotManaged(),
          // cert-manager Certificates carry real names, and the ones a caller dials
          new CertificateNames(),
          // certificates made at runtime (certgen, dynamic serving) will carry the name dialled
          new GeneratedCertNames(),
          // APIServices verify and are available
          new ApiServiceStatus(),
          // bundle copies and kubeconfigs hold the current CAs
          new TrustBundleStale(),
          // no environment variable silently replaces the CA a flag names
          new EnvTrustOverride(),
          // every other certificate and key: expiry, parse, strength, key match
          new CertificateHygiene(),
          // with --probe: what the pods serve verifies, and is what their Secret holds
          new ServedCertificate(),
          // with --probe: each kubeconfig trusts what its server presents
          new KubeconfigServerTrust(),
          // each Ingress TLS entry and ingress-nginx's default certificate: Secret, expiry, hosts,
          // key, chain
          new IngressTls(),
          // each Gateway listener that terminates TLS: refs resolve (ReferenceGrant), expiry,
          // hostname, key, chain
          new GatewayListenerTls(),
          // each OpenShift Route with an inline certificate: expiry, host, key, chain, its CAs
          new RouteTls(),
          // cert-manager Issuers, Certificates and requests, as cmctl status certificate shows them
          new CertManagerStatus(),
          // kubelet CSRs pending, denied or failed
          new KubeletCsrs(),
          // kubeconfig users' client certificates: expiry, key pair, by file and user
          new KubeconfigClientCertificate(),
          // a node's PKI (kubeadm, kubelet): expiry, key pairs, chain to its CA, apiserver names,
          // sa.key/sa.pub
          new NodePkiCertificates(),
          // no CA expires, within a year, before a certificate it signed
          new CaExpiresBeforeLeaf(),
          // running pods started after the CA bundles they mount last changed
          new PodsOnStaleTrust(),
          // with --probe: each node's kubelet serves the address the API server dials, unexpired
          new KubeletServing());

  private Checks() {}
}
