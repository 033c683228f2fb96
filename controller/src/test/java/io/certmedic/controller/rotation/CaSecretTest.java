package io.certmedic.controller.rotation;

import static io.certmedic.controller.rotation.RotationFixtures.A;
import static io.certmedic.controller.rotation.RotationFixtures.A_MADE;
import static io.certmedic.controller.rotation.RotationFixtures.A_ROTATES;
import static io.certmedic.controller.rotation.RotationFixtures.B;
import static io.certmedic.controller.rotation.RotationFixtures.OLD;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.controller.Annotations;
import io.certmedic.core.pem.PemWriter;
import io.certmedic.core.testing.TestPki;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CaSecretTest {

  private static final Instant SETTLED = A_ROTATES.plusSeconds(60);
  private static final CaState STABLE = CaState.stable(A, A_MADE);
  private static final CaState STAGED =
      CaState.staged(A, B, A_ROTATES).settled(Optional.of(SETTLED));
  private static final CaState PROMOTED =
      CaState.promoted(B, List.of(A.certificate(), OLD.certificate()), A_ROTATES);

  @Test
  void roundTripsAStableState() {
    assertThat(CaSecret.decode(CaSecret.encode(STABLE))).isEqualTo(STABLE);
  }

  @Test
  void roundTripsAStagedStateThatHasSettled() {
    assertThat(CaSecret.decode(CaSecret.encode(STAGED))).isEqualTo(STAGED);
  }

  @Test
  void roundTripsAPromotedStateWithTwoRetiringCas() {
    assertThat(CaSecret.decode(CaSecret.encode(PROMOTED))).isEqualTo(PROMOTED);
  }

  @Test
  void roundTripsAnInstantWithNanoseconds() {
    CaState state = CaState.stable(A, Instant.parse("2026-06-01T12:00:00.123456789Z"));

    assertThat(CaSecret.decode(CaSecret.encode(state))).isEqualTo(state);
  }

  @Test
  void writesTheSignerTheBundleAndThePhaseWhenStable() {
    CaSecret.Content content = CaSecret.encode(STABLE);

    assertThat(content.data()).containsOnlyKeys("tls.crt", "tls.key", "ca-bundle.crt", "ca.crt");
    assertThat(text(content, "tls.crt")).isEqualTo(PemWriter.certificate(A.certificate()));
    assertThat(text(content, "tls.key")).isEqualTo(PemWriter.privateKey(A.privateKey()));
    assertThat(content.data().get("ca-bundle.crt")).isEqualTo(STABLE.bundlePem());
    assertThat(content.annotations())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "certmedic.io/ca-phase", "STABLE",
                "certmedic.io/ca-phase-since", "2026-04-02T12:00:00Z"));
  }

  @Test
  void writesTheNextCaAndWhenItSettledWhenStaged() {
    CaSecret.Content content = CaSecret.encode(STAGED);

    assertThat(content.data())
        .containsOnlyKeys("tls.crt", "tls.key", "next.crt", "next.key", "ca-bundle.crt", "ca.crt");
    assertThat(text(content, "next.crt")).isEqualTo(PemWriter.certificate(B.certificate()));
    assertThat(text(content, "next.key")).isEqualTo(PemWriter.privateKey(B.privateKey()));
    assertThat(text(content, "ca-bundle.crt"))
        .isEqualTo(PemWriter.certificates(List.of(A.certificate(), B.certificate())));
    assertThat(content.annotations())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "certmedic.io/ca-phase", "STAGED",
                "certmedic.io/ca-phase-since", "2026-06-01T11:58:20Z",
                "certmedic.io/ca-settled-since", "2026-06-01T11:59:20Z"));
  }

  @Test
  void writesTheRetiringCertificatesButNotTheirKeysWhenPromoted() {
    CaSecret.Content content = CaSecret.encode(PROMOTED);

    assertThat(content.data())
        .containsOnlyKeys("tls.crt", "tls.key", "retiring.crt", "ca-bundle.crt", "ca.crt");
    assertThat(text(content, "retiring.crt"))
        .isEqualTo(PemWriter.certificates(List.of(A.certificate(), OLD.certificate())));
    assertThat(text(content, "retiring.crt")).doesNotContain("PRIVATE");
  }

  @Test
  void neverWritesKeyMaterialToAnAnnotation() {
    for (CaState state : List.of(STABLE, STAGED, PROMOTED)) {
      Map<String, String> annotations = CaSecret.encode(state).annotations();

      assertThat(annotations.keySet())
          .isSubsetOf(
              Annotations.CA_PHASE, Annotations.CA_PHASE_SINCE, Annotations.CA_SETTLED_SINCE);
      assertThat(annotations.get(Annotations.CA_PHASE)).isEqualTo(state.phase().name());
      annotations.values().forEach(value -> assertThat(value).matches("[A-Z]+|[0-9T:.Z-]+"));
      for (String key : List.of(b64(A), b64(B))) {
        annotations
            .values()
            .forEach(
                value ->
                    assertThat(value)
                        .doesNotContain(key.substring(40, 72))); // within the private scalar
      }
    }
  }

  @Test
  void decodesACaWithoutAnnotationsAsStableSinceItsNotBefore() {
    Map<String, byte[]> data = new HashMap<>(CaSecret.encode(STABLE).data());

    CaState state = CaSecret.decode(new CaSecret.Content(data, Map.of()));

    assertThat(state).isEqualTo(CaState.stable(A, Instant.parse("2026-04-02T11:55:00Z")));
  }

  @Test
  void ignoresTheBundleWhenDecoding() {
    Map<String, byte[]> data = new HashMap<>(CaSecret.encode(STAGED).data());
    data.put("ca-bundle.crt", "edited by hand".getBytes(US_ASCII));

    assertThat(CaSecret.decode(new CaSecret.Content(data, CaSecret.encode(STAGED).annotations())))
        .isEqualTo(STAGED);
  }

  static Stream<Arguments> unreadable() {
    TestPki.Cert leaf = TestPki.leaf("svc.ns.svc").build();
    return Stream.of(
        row(
            "refuses a Secret without tls.crt",
            c -> c.data().remove("tls.crt"),
            "the CA Secret has no tls.crt"),
        row(
            "refuses an empty tls.key",
            c -> c.data().put("tls.key", new byte[0]),
            "tls.key holds no data"),
        row(
            "refuses a tls.key that holds only a certificate",
            c -> c.data().put("tls.key", c.data().get("tls.crt")),
            "tls.key holds no private key"),
        row(
            "refuses a tls.key that is not the key of tls.crt",
            c -> c.data().put("tls.key", PemWriter.privateKey(B.privateKey()).getBytes(US_ASCII)),
            "tls.crt and tls.key are not a CA: the private key (EC P-256) is not the key of the certificate (EC P-256)"),
        row(
            "refuses a serving certificate in place of the CA",
            c -> {
              c.data().put("tls.crt", PemWriter.certificate(leaf.cert()).getBytes(US_ASCII));
              c.data().put("tls.key", PemWriter.privateKey(leaf.key()).getBytes(US_ASCII));
            },
            "tls.crt and tls.key are not a CA: the certificate is not a CA (basicConstraints CA:TRUE is missing)"),
        row(
            "refuses next.crt without next.key",
            c ->
                c.data().put("next.crt", PemWriter.certificate(B.certificate()).getBytes(US_ASCII)),
            "the CA Secret has no next.key"),
        row(
            "refuses a retiring.crt that is not PEM",
            c -> c.data().put("retiring.crt", "not a certificate!".getBytes(US_ASCII)),
            "retiring.crt is neither PEM nor DER: it starts with text that is not a BEGIN line"),
        row(
            "refuses a phase without the instant it began",
            c -> c.annotations().remove(Annotations.CA_PHASE_SINCE),
            "the CA Secret lacks annotation certmedic.io/ca-phase-since"),
        row(
            "refuses the instant a phase began without the phase",
            c -> c.annotations().remove(Annotations.CA_PHASE),
            "the CA Secret lacks annotation certmedic.io/ca-phase"),
        row(
            "refuses a phase it does not know",
            c -> c.annotations().put(Annotations.CA_PHASE, "ROTATING"),
            "annotation certmedic.io/ca-phase is \"ROTATING\", not one of STABLE, STAGED, PROMOTED"),
        row(
            "refuses a phase start that is not an instant",
            c -> c.annotations().put(Annotations.CA_PHASE_SINCE, "yesterday"),
            "annotation certmedic.io/ca-phase-since is \"yesterday\", not an RFC 3339 instant"),
        row(
            "refuses a settled-since that is not an instant",
            c -> c.annotations().put(Annotations.CA_SETTLED_SINCE, "2026-13-01T00:00:00Z"),
            "annotation certmedic.io/ca-settled-since is \"2026-13-01T00:00:00Z\", not an RFC 3339 instant"),
        row(
            "refuses a STABLE Secret that holds a next CA",
            c -> {
              c.data().put("next.crt", PemWriter.certificate(B.certificate()).getBytes(US_ASCII));
              c.data().put("next.key", PemWriter.privateKey(B.privateKey()).getBytes(US_ASCII));
            },
            "the CA Secret's data and annotations do not fit together: only a STAGED CA state has a next CA, not a STABLE one"),
        row(
            "refuses a STAGED Secret without a next CA",
            c -> c.annotations().put(Annotations.CA_PHASE, "STAGED"),
            "the CA Secret's data and annotations do not fit together: a STAGED CA state needs a next CA"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadable")
  void refusesWhatItCannotRead(Consumer<Editable> edit, String message) {
    CaSecret.Content content = CaSecret.encode(STABLE);
    Editable editable =
        new Editable(new HashMap<>(content.data()), new HashMap<>(content.annotations()));
    edit.accept(editable);

    assertThatThrownBy(
            () -> CaSecret.decode(new CaSecret.Content(editable.data(), editable.annotations())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  /** A CA Secret's content open to edits. */
  record Editable(Map<String, byte[]> data, Map<String, String> annotations) {}

  private static Arguments row(String sentence, Consumer<Editable> edit, String message) {
    return Arguments.of(Named.of(sentence, edit), message);
  }

  private static String text(CaSecret.Content content, String key) {
    return new String(content.data().get(key), US_ASCII);
  }

  private static String b64(io.certmedic.core.issue.CertificateAuthority ca) {
    return Base64.getEncoder().encodeToString(ca.privateKey().getEncoded());
  }
}
