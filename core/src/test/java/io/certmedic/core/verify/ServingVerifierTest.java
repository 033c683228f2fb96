package io.certmedic.core.verify;

import static io.certmedic.core.testing.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.issue.KeyType;
import io.certmedic.core.testing.TestPki;
import io.certmedic.core.testing.TestPki.Cert;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each case is a sentence and asserts Go's verdict: the reason and the exact words. */
class ServingVerifierTest {

  private static final String SVC = "svc.ns.svc";
  private static final Instant INCIDENT_AT = Instant.parse("2024-02-25T04:24:18Z");
  private static final Instant INCIDENT_NOT_AFTER = Instant.parse("2024-02-14T06:08:48Z");

  private static final Cert ROOT = TestPki.ca("test-root").build();
  private static final Cert OTHER_ROOT = TestPki.ca("other-root").build();
  private static final Cert IMPOSTOR_ROOT = TestPki.ca("test-root").build(); // same name, other key
  private static final Cert RSA_IMPOSTOR_ROOT =
      TestPki.ca("test-root").keyType(KeyType.RSA_2048).build();
  private static final Cert INTER = TestPki.ca("test-intermediate").signedBy(ROOT).build();
  private static final Cert LEAF = TestPki.leaf(SVC).signedBy(ROOT).build();
  private static final Cert LEAF_VIA_INTER = TestPki.leaf(SVC).signedBy(INTER).build();

  /** A case: what is presented and trusted, the name dialled, and Go's expected verdict. */
  record Case(
      List<X509Certificate> presented,
      List<X509Certificate> roots,
      String host,
      Instant at,
      Reason reason,
      String message,
      X509Certificate about,
      int chainLength) {

    static Case verified(List<Cert> presented, List<Cert> roots, String host, int chainLength) {
      return new Case(certs(presented), certs(roots), host, NOW, null, null, null, chainLength);
    }

    static Case fails(
        List<Cert> presented,
        List<Cert> roots,
        String host,
        Instant at,
        Reason reason,
        String message,
        Cert about) {
      return new Case(
          certs(presented),
          certs(roots),
          host,
          at,
          reason,
          message,
          about == null ? null : about.cert(),
          0);
    }
  }

  static Stream<Arguments> cases() {
    Cert selfSigned = TestPki.leaf(SVC).build();
    Cert expiredLeaf =
        TestPki.leaf(SVC)
            .signedBy(ROOT)
            .validity(INCIDENT_NOT_AFTER.minus(Duration.ofDays(365)), INCIDENT_NOT_AFTER)
            .build();
    Cert futureLeaf =
        TestPki.leaf(SVC)
            .signedBy(ROOT)
            .validity(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90)))
            .build();
    Cert expiredRoot =
        TestPki.ca("old-root")
            .validity(NOW.minus(Duration.ofDays(730)), NOW.minus(Duration.ofDays(1)))
            .build();
    Cert leafOfExpiredRoot = TestPki.leaf(SVC).signedBy(expiredRoot).build();
    Cert expiredInter =
        TestPki.ca("old-intermediate")
            .signedBy(ROOT)
            .validity(NOW.minus(Duration.ofDays(730)), NOW.minus(Duration.ofDays(2)))
            .build();
    Cert leafOfExpiredInter = TestPki.leaf(SVC).signedBy(expiredInter).build();
    Cert spark = TestPki.leaf("spark-operator-webhook.default.svc").signedBy(ROOT).build();
    Cert cnOnly = TestPki.leaf(SVC).noSans().signedBy(ROOT).build();
    Cert cnOnlyOther = TestPki.leaf("other").noSans().signedBy(ROOT).build();
    Cert ipOnly = TestPki.leaf("10.0.0.9").signedBy(ROOT).build();
    Cert ip = TestPki.leaf("10.0.0.1").signedBy(ROOT).build();
    Cert twoIps = TestPki.leaf("10.0.0.2", "10.0.0.3").signedBy(ROOT).build();
    Cert ipv6 = TestPki.leaf("::1").signedBy(ROOT).build();
    Cert twoNames = TestPki.leaf("a.ns.svc", "b").signedBy(ROOT).build();
    Cert wildcard = TestPki.leaf("*.ns.svc").signedBy(ROOT).build();
    Cert partialWildcard = TestPki.leaf("a*.ns.svc").signedBy(ROOT).build();
    Cert fakeInter = TestPki.leaf("fake-intermediate").signedBy(ROOT).build();
    Cert leafOfFake = TestPki.leaf(SVC).signedBy(fakeInter).build();
    Cert pathLenZeroRoot = TestPki.ca("strict-root").pathLen(0).build();
    Cert interUnderStrict = TestPki.ca("strict-intermediate").signedBy(pathLenZeroRoot).build();
    Cert leafUnderStrict = TestPki.leaf(SVC).signedBy(interUnderStrict).build();
    Cert clientOnlyLeaf =
        TestPki.leaf(SVC).eku(KeyPurposeId.id_kp_clientAuth).signedBy(ROOT).build();
    Cert clientOnlyInter =
        TestPki.ca("client-intermediate").eku(KeyPurposeId.id_kp_clientAuth).signedBy(ROOT).build();
    Cert leafOfClientInter = TestPki.leaf(SVC).signedBy(clientOnlyInter).build();
    Cert anyEkuInter =
        TestPki.ca("any-intermediate").eku(KeyPurposeId.anyExtendedKeyUsage).signedBy(ROOT).build();
    Cert leafOfAnyInter = TestPki.leaf(SVC).signedBy(anyEkuInter).build();
    Cert noEkuLeaf = TestPki.leaf(SVC).eku().signedBy(ROOT).build();
    Cert rsaRoot = TestPki.ca("sha1-root").keyType(KeyType.RSA_2048).build();
    Cert sha1Leaf = TestPki.leaf(SVC).signedBy(rsaRoot).signatureAlgorithm("SHA1withRSA").build();
    Cert sha1SelfSignedRoot =
        TestPki.ca("sha1-self-signed-root")
            .keyType(KeyType.RSA_2048)
            .signatureAlgorithm("SHA1withRSA")
            .build();
    Cert leafOfSha1Root = TestPki.leaf(SVC).signedBy(sha1SelfSignedRoot).build();
    Cert v1Inter = v1Intermediate("v1-intermediate", ROOT);
    Cert leafOfV1 = TestPki.leaf(SVC).signedBy(v1Inter).build();
    Cert critical = withUnknownCriticalExtension(SVC, ROOT);
    Cert noCnRoot = caWithSubject("O=Acme Ops,OU=platform");
    Cert leafOfNoCnRoot = TestPki.leaf(SVC).signedBy(noCnRoot).build();
    Cert noCnImpostor = caWithSubject("O=Acme Ops,OU=platform");

    return Stream.of(
        row(
            "verifies a leaf signed directly by the caBundle's CA",
            Case.verified(List.of(LEAF), List.of(ROOT), SVC, 2)),
        row(
            "verifies through an intermediate served after the root, out of order",
            Case.verified(List.of(LEAF_VIA_INTER, ROOT, INTER), List.of(ROOT), SVC, 3)),
        row(
            "verifies a self-signed leaf that is its own caBundle (cert-manager selfSigned, kubebuilder)",
            Case.verified(List.of(selfSigned), List.of(selfSigned), SVC, 1)),
        row(
            "rejects an expired leaf with the time it was judged at and its notAfter (KubeSphere incident)",
            Case.fails(
                List.of(expiredLeaf),
                List.of(ROOT),
                SVC,
                INCIDENT_AT,
                Reason.EXPIRED,
                "x509: certificate has expired or is not yet valid: current time 2024-02-25T04:24:18Z is after 2024-02-14T06:08:48Z",
                expiredLeaf)),
        row(
            "rejects a leaf that is not valid yet",
            Case.fails(
                List.of(futureLeaf),
                List.of(ROOT),
                SVC,
                NOW,
                Reason.NOT_YET_VALID,
                "x509: certificate has expired or is not yet valid: current time 2026-06-01T12:00:00Z is before 2026-06-02T12:00:00Z",
                futureLeaf)),
        row(
            "reports an expired root in the caBundle as expired, naming the root, as Go's chain builder does",
            Case.fails(
                List.of(leafOfExpiredRoot),
                List.of(expiredRoot),
                SVC,
                NOW,
                Reason.EXPIRED,
                "x509: certificate has expired or is not yet valid: current time 2026-06-01T12:00:00Z is after 2026-05-31T12:00:00Z",
                expiredRoot)),
        row(
            "reports an expired intermediate as expired, naming the intermediate",
            Case.fails(
                List.of(leafOfExpiredInter, expiredInter),
                List.of(ROOT),
                SVC,
                NOW,
                Reason.EXPIRED,
                "x509: certificate has expired or is not yet valid: current time 2026-06-01T12:00:00Z is after 2026-05-30T12:00:00Z",
                expiredInter)),
        row(
            "rejects the old Service name after a rename (Spark operator incident)",
            Case.fails(
                List.of(spark),
                List.of(ROOT),
                "spark-operator-webhook-svc.default.svc",
                NOW,
                Reason.HOSTNAME_MISMATCH,
                "x509: certificate is valid for spark-operator-webhook.default.svc, not spark-operator-webhook-svc.default.svc",
                spark)),
        row(
            "lists every DNS SAN in the mismatch message",
            Case.fails(
                List.of(twoNames),
                List.of(ROOT),
                SVC,
                NOW,
                Reason.HOSTNAME_MISMATCH,
                "x509: certificate is valid for a.ns.svc, b, not svc.ns.svc",
                twoNames)),
        row(
            "rejects a name held only in the Common Name as legacy",
            Case.fails(
                List.of(cnOnly),
                List.of(ROOT),
                SVC,
                NOW,
                Reason.LEGACY_COMMON_NAME,
                "x509: certificate relies on legacy Common Name field, use SANs instead",
                cnOnly)),
        row(
            "says a cert without SANs whose CN does not match is valid for no names",
            Case.fails(
                List.of(cnOnlyOther),
                List.of(ROOT),
                SVC,
                NOW,
                Reason.HOSTNAME_MISMATCH,
                "x509: certificate is not valid for any names, but wanted to match svc.ns.svc",
                cnOnlyOther)),
        row(
            "says a cert with only IP SANs is valid for no names when a DNS name is dialled",
            Case.fails(
                List.of(ipOnly),
                List.of(ROOT),
                SVC,
                NOW,
                Reason.HOSTNAME_MISMATCH,
                "x509: certificate is not valid for any names, but wanted to match svc.ns.svc",
                ipOnly)),
        row(
            "matches an IP literal against the IP SANs",
            Case.verified(List.of(ip), List.of(ROOT), "10.0.0.1", 2)),
        row(
            "lists the IP SANs when the IP dialled is not among them",
            Case.fails(
                List.of(twoIps),
                List.of(ROOT),
                "10.0.0.1",
                NOW,
                Reason.HOSTNAME_MISMATCH,
                "x509: certificate is valid for 10.0.0.2, 10.0.0.3, not 10.0.0.1",
                twoIps)),
        row(
            "refuses an IP dialled against a cert with no IP SANs, never looking at DNS names",
            Case.fails(
                List.of(LEAF),
                List.of(ROOT),
                "10.0.0.1",
                NOW,
                Reason.HOSTNAME_MISMATCH,
                "x509: cannot validate certificate for 10.0.0.1 because it doesn't contain any IP SANs",
                LEAF)),
        row(
            "matches a bracketed IPv6 literal",
            Case.verified(List.of(ipv6), List.of(ROOT), "[::1]", 2)),
        row(
            "prints IPv6 SANs in Go's short form",
            Case.fails(
                List.of(ipv6),
                List.of(ROOT),
                "::2",
                NOW,
                Reason.HOSTNAME_MISMATCH,
                "x509: certificate is valid for ::1, not ::2",
                ipv6)),
        row(
            "matches one label under a wildcard",
            Case.verified(List.of(wildcard), List.of(ROOT), "webhook.ns.svc", 2)),
        row(
            "does not let a wildcard match the bare parent domain",
            Case.fails(
                List.of(wildcard),
                List.of(ROOT),
                "ns.svc",
                NOW,
                Reason.HOSTNAME_MISMATCH,
                "x509: certificate is valid for *.ns.svc, not ns.svc",
                wildcard)),
        row(
            "does not let a wildcard match two labels",
            Case.fails(
                List.of(wildcard),
                List.of(ROOT),
                "a.webhook.ns.svc",
                NOW,
                Reason.HOSTNAME_MISMATCH,
                "x509: certificate is valid for *.ns.svc, not a.webhook.ns.svc",
                wildcard)),
        row(
            "treats a* as a literal label, not a wildcard",
            Case.fails(
                List.of(partialWildcard),
                List.of(ROOT),
                "ab.ns.svc",
                NOW,
                Reason.HOSTNAME_MISMATCH,
                "x509: certificate is valid for a*.ns.svc, not ab.ns.svc",
                partialWildcard)),
        row(
            "ignores one trailing dot on the name dialled",
            Case.verified(List.of(LEAF), List.of(ROOT), "svc.ns.svc.", 2)),
        row(
            "compares names case-insensitively and reports the name as dialled",
            Case.verified(List.of(LEAF), List.of(ROOT), "SVC.NS.Svc", 2)),
        row(
            "skips the name check when no server name is given",
            Case.verified(List.of(spark), List.of(ROOT), "", 2)),
        row(
            "rejects a chain to a CA that is not in the caBundle, without a hint",
            Case.fails(
                List.of(LEAF),
                List.of(OTHER_ROOT),
                SVC,
                NOW,
                Reason.UNKNOWN_AUTHORITY,
                "x509: certificate signed by unknown authority",
                LEAF)),
        row(
            "rejects a leaf whose intermediate was not served",
            Case.fails(
                List.of(LEAF_VIA_INTER),
                List.of(ROOT),
                SVC,
                NOW,
                Reason.UNKNOWN_AUTHORITY,
                "x509: certificate signed by unknown authority",
                LEAF_VIA_INTER)),
        row(
            "hints at an ECDSA CA of the same name whose key did not sign the leaf (a regenerated CA)",
            Case.fails(
                List.of(LEAF),
                List.of(IMPOSTOR_ROOT),
                SVC,
                NOW,
                Reason.UNKNOWN_AUTHORITY,
                "x509: certificate signed by unknown authority (possibly because of \"x509: ECDSA verification failure\" while trying to verify candidate authority certificate \"test-root\")",
                LEAF)),
        row(
            "hints at a CA of the same name with a key of another type",
            Case.fails(
                List.of(LEAF),
                List.of(RSA_IMPOSTOR_ROOT),
                SVC,
                NOW,
                Reason.UNKNOWN_AUTHORITY,
                "x509: certificate signed by unknown authority (possibly because of \"x509: signature algorithm specifies an ECDSA public key, but have public key of type *rsa.PublicKey\" while trying to verify candidate authority certificate \"test-root\")",
                LEAF)),
        row(
            "names a candidate CA without a CN by its first Organization",
            Case.fails(
                List.of(leafOfNoCnRoot),
                List.of(noCnImpostor),
                SVC,
                NOW,
                Reason.UNKNOWN_AUTHORITY,
                "x509: certificate signed by unknown authority (possibly because of \"x509: ECDSA verification failure\" while trying to verify candidate authority certificate \"Acme Ops\")",
                leafOfNoCnRoot)),
        row(
            "still verifies when the right CA follows an impostor of the same name in the caBundle",
            Case.verified(List.of(LEAF), List.of(IMPOSTOR_ROOT, ROOT), SVC, 2)),
        row(
            "rejects an intermediate that is not a CA at the signature check, as a hint",
            Case.fails(
                List.of(leafOfFake, fakeInter),
                List.of(ROOT),
                SVC,
                NOW,
                Reason.UNKNOWN_AUTHORITY,
                "x509: certificate signed by unknown authority (possibly because of \"x509: invalid signature: parent certificate cannot sign this kind of certificate\" while trying to verify candidate authority certificate \"fake-intermediate\")",
                leafOfFake)),
        row(
            "rejects an X.509 v1 intermediate as not authorized to sign",
            Case.fails(
                List.of(leafOfV1, v1Inter),
                List.of(ROOT),
                SVC,
                NOW,
                Reason.NOT_AUTHORIZED_TO_SIGN,
                "x509: certificate is not authorized to sign other certificates",
                v1Inter)),
        row(
            "rejects an intermediate under a root with pathLen 0",
            Case.fails(
                List.of(leafUnderStrict, interUnderStrict),
                List.of(pathLenZeroRoot),
                SVC,
                NOW,
                Reason.TOO_MANY_INTERMEDIATES,
                "x509: too many intermediates for path length constraint",
                pathLenZeroRoot)),
        row(
            "rejects a leaf whose only extended key usage is clientAuth",
            Case.fails(
                List.of(clientOnlyLeaf),
                List.of(ROOT),
                SVC,
                NOW,
                Reason.INCOMPATIBLE_USAGE,
                "x509: certificate specifies an incompatible key usage",
                clientOnlyLeaf)),
        row(
            "rejects a serverAuth leaf under an intermediate restricted to clientAuth",
            Case.fails(
                List.of(leafOfClientInter, clientOnlyInter),
                List.of(ROOT),
                SVC,
                NOW,
                Reason.INCOMPATIBLE_USAGE,
                "x509: certificate specifies an incompatible key usage",
                leafOfClientInter)),
        row(
            "accepts an intermediate whose extended key usage is any",
            Case.verified(List.of(leafOfAnyInter, anyEkuInter), List.of(ROOT), SVC, 3)),
        row(
            "accepts a leaf without an extended key usage extension",
            Case.verified(List.of(noEkuLeaf), List.of(ROOT), SVC, 2)),
        row(
            "refuses a SHA-1 signature on the leaf as Go 1.18+ does",
            Case.fails(
                List.of(sha1Leaf),
                List.of(rsaRoot),
                SVC,
                NOW,
                Reason.UNKNOWN_AUTHORITY,
                "x509: certificate signed by unknown authority (possibly because of \"x509: cannot verify signature: insecure algorithm SHA1-RSA (temporarily override with GODEBUG=x509sha1=1)\" while trying to verify candidate authority certificate \"sha1-root\")",
                sha1Leaf)),
        row(
            "accepts a root whose own self-signature is SHA-1, since it is never checked",
            Case.verified(List.of(leafOfSha1Root), List.of(sha1SelfSignedRoot), SVC, 2)),
        row(
            "rejects a leaf with an unknown critical extension before looking at names",
            Case.fails(
                List.of(critical),
                List.of(ROOT),
                "wrong.name",
                NOW,
                Reason.UNHANDLED_CRITICAL_EXTENSION,
                "x509: unhandled critical extension",
                critical)),
        row(
            "checks the leaf's time before its name",
            Case.fails(
                List.of(expiredLeaf),
                List.of(ROOT),
                "wrong.name",
                INCIDENT_AT,
                Reason.EXPIRED,
                "x509: certificate has expired or is not yet valid: current time 2024-02-25T04:24:18Z is after 2024-02-14T06:08:48Z",
                expiredLeaf)),
        row(
            "checks the name before the chain",
            Case.fails(
                List.of(LEAF),
                List.of(OTHER_ROOT),
                "wrong.name",
                NOW,
                Reason.HOSTNAME_MISMATCH,
                "x509: certificate is valid for svc.ns.svc, not wrong.name",
                LEAF)),
        row(
            "says nothing was presented when the chain is empty",
            new Case(
                List.of(),
                certs(List.of(ROOT)),
                SVC,
                NOW,
                Reason.NO_CERTIFICATE,
                "tls: received empty certificates message",
                null,
                0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judgesAsGoDoes(Case c) {
    VerifyResult result = ServingVerifier.verify(c.presented(), c.roots(), c.host(), c.at());
    assertThat(ServingVerifier.verify(c.presented(), TrustAnchors.of(c.roots()), c.host(), c.at()))
        .as("a prepared bundle judges the same")
        .isEqualTo(result);
    if (c.reason() == null) {
      assertThat(result).isInstanceOf(Verified.class);
      assertThat(result.ok()).isTrue();
      Verified v = (Verified) result;
      assertThat(v.chain()).hasSize(c.chainLength());
      assertThat(v.chain().get(0)).isEqualTo(c.presented().get(0));
      assertThat(c.roots()).contains(v.chain().get(v.chain().size() - 1));
    } else {
      assertThat(result).isInstanceOf(VerifyFailure.class);
      VerifyFailure f = (VerifyFailure) result;
      assertThat(f.ok()).isFalse();
      assertThat(f.message()).isEqualTo(c.message());
      assertThat(f.reason()).isEqualTo(c.reason());
      assertThat(f.certificate()).isEqualTo(c.about());
    }
  }

  @Test
  void returnsTheChainLeafIntermediateRoot() {
    Verified v =
        (Verified)
            ServingVerifier.verify(
                certs(List.of(LEAF_VIA_INTER, INTER)), certs(List.of(ROOT)), SVC, NOW);
    assertThat(v.chain()).containsExactly(LEAF_VIA_INTER.cert(), INTER.cert(), ROOT.cert());
  }

  @Test
  void keepsTheHintCertificateForExplanations() {
    UnknownAuthority u =
        (UnknownAuthority)
            ServingVerifier.verify(certs(List.of(LEAF)), certs(List.of(IMPOSTOR_ROOT)), SVC, NOW);
    assertThat(u.hintCertificate()).isEqualTo(IMPOSTOR_ROOT.cert());
    assertThat(u.hintError()).isEqualTo("x509: ECDSA verification failure");
    assertThat(u.hintCertName()).isEqualTo("test-root");
  }

  @Test
  void hintNamesACandidateWithoutCnOrOrganizationBySerial() {
    Cert bare = caWithSubject("OU=platform");
    Cert leaf = TestPki.leaf(SVC).signedBy(bare).build();
    Cert impostor = caWithSubject("OU=platform");
    VerifyResult r =
        ServingVerifier.verify(certs(List.of(leaf)), certs(List.of(impostor)), SVC, NOW);
    assertThat(((VerifyFailure) r).message())
        .endsWith(
            "candidate authority certificate \"serial:"
                + impostor.cert().getSerialNumber()
                + "\")");
  }

  @Test
  void stopsAfterOneHundredSignatureChecks() {
    // 101 CAs with the leaf's issuer name but other keys: Go gives up on the 101st.
    List<X509Certificate> impostors =
        Stream.generate(() -> TestPki.ca("test-root").sharedKey().build().cert())
            .limit(ServingVerifier.MAX_SIGNATURE_CHECKS)
            .toList();
    List<X509Certificate> roots = new java.util.ArrayList<>(impostors);
    roots.add(TestPki.ca("test-root").build().cert());
    VerifyResult r = ServingVerifier.verify(certs(List.of(LEAF)), roots, SVC, NOW);
    assertThat(((VerifyFailure) r).reason()).isEqualTo(Reason.SIGNATURE_CHECK_LIMIT);
    assertThat(((VerifyFailure) r).message())
        .isEqualTo(
            "x509: signature check attempts limit reached while verifying certificate chain");
  }

  @Test
  void doesNotLoopOnMutuallyCrossSignedCas() {
    KeyPair a = KeyType.ECDSA_P256.generate(new SecureRandom());
    KeyPair b = KeyType.ECDSA_P256.generate(new SecureRandom());
    Cert aSelf = TestPki.ca("ca-a").keys(a).build();
    Cert bByA = TestPki.ca("ca-b").keys(b).signedBy(aSelf).build();
    Cert aByB = TestPki.ca("ca-a").keys(a).signedBy(bByA).build();
    Cert leaf = TestPki.leaf(SVC).signedBy(bByA).build();
    VerifyResult r =
        ServingVerifier.verify(
            certs(List.of(leaf, bByA, aByB)), certs(List.of(OTHER_ROOT)), SVC, NOW);
    assertThat(((VerifyFailure) r).message())
        .isEqualTo("x509: certificate signed by unknown authority");
  }

  // --- certificates TestPki does not make -------------------------------------------------

  private static Cert v1Intermediate(String cn, Cert issuer) {
    try {
      KeyPair kp = KeyType.ECDSA_P256.generate(new SecureRandom());
      var b =
          new JcaX509v1CertificateBuilder(
              issuer.cert().getSubjectX500Principal(),
              BigInteger.valueOf(77),
              Date.from(NOW.minus(Duration.ofDays(1))),
              Date.from(NOW.plus(Duration.ofDays(30))),
              new X500Principal("CN=" + cn),
              kp.getPublic());
      X509Certificate c =
          new JcaX509CertificateConverter()
              .getCertificate(
                  b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.key())));
      return new Cert(c, kp);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Cert withUnknownCriticalExtension(String dns, Cert issuer) {
    try {
      KeyPair kp = KeyType.ECDSA_P256.generate(new SecureRandom());
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer.cert().getSubjectX500Principal(),
              BigInteger.valueOf(78),
              Date.from(NOW.minus(Duration.ofDays(1))),
              Date.from(NOW.plus(Duration.ofDays(30))),
              new X500Principal("CN=" + dns),
              kp.getPublic());
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, dns)));
      b.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), true, DERNull.INSTANCE);
      X509Certificate c =
          new JcaX509CertificateConverter()
              .getCertificate(
                  b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.key())));
      return new Cert(c, kp);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Cert caWithSubject(String dn) {
    try {
      KeyPair kp = KeyType.ECDSA_P256.generate(new SecureRandom());
      X500Principal name = new X500Principal(dn);
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              BigInteger.valueOf(new SecureRandom().nextInt(1 << 30)),
              Date.from(NOW.minus(Duration.ofDays(1))),
              Date.from(NOW.plus(Duration.ofDays(365))),
              name,
              kp.getPublic());
      b.addExtension(
          Extension.basicConstraints, true, new org.bouncycastle.asn1.x509.BasicConstraints(true));
      X509Certificate c =
          new JcaX509CertificateConverter()
              .getCertificate(
                  b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
      return new Cert(c, kp);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<X509Certificate> certs(List<Cert> cs) {
    return cs.stream().map(Cert::cert).toList();
  }

  private static Arguments row(String sentence, Case c) {
    return Arguments.of(Named.of(sentence, c));
  }
}
