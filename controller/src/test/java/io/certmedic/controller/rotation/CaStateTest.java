package io.certmedic.controller.rotation;

import static io.certmedic.controller.rotation.RotationFixtures.A;
import static io.certmedic.controller.rotation.RotationFixtures.A_MADE;
import static io.certmedic.controller.rotation.RotationFixtures.A_ROTATES;
import static io.certmedic.controller.rotation.RotationFixtures.B;
import static io.certmedic.controller.rotation.RotationFixtures.OLD;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certmedic.core.pem.PemReader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaStateTest {

  @Test
  void trustsOnlyTheSignerWhenStable() {
    assertThat(CaState.stable(A, A_MADE).bundle()).containsExactly(A.certificate());
  }

  @Test
  void trustsTheSignerFirstThenTheNextCa() {
    assertThat(CaState.staged(A, B, A_ROTATES).bundle())
        .containsExactly(A.certificate(), B.certificate());
  }

  @Test
  void trustsTheSignerFirstThenEveryRetiringCaInOrder() {
    assertThat(CaState.promoted(B, List.of(A.certificate(), OLD.certificate()), A_ROTATES).bundle())
        .containsExactly(B.certificate(), A.certificate(), OLD.certificate());
  }

  @Test
  void listsACertificateOnceEvenWhenRetiringRepeatsIt() {
    assertThat(
            CaState.promoted(
                    B, List.of(A.certificate(), B.certificate(), A.certificate()), A_ROTATES)
                .bundle())
        .containsExactly(B.certificate(), A.certificate());
  }

  @Test
  void writesTheBundleAsPemInTheSameOrder() throws Exception {
    byte[] pem = CaState.staged(A, B, A_ROTATES).bundlePem();

    assertThat(PemReader.readCertificates(pem, "bundle"))
        .containsExactly(A.certificate(), B.certificate());
    assertThat(new String(pem, US_ASCII)).doesNotContain("PRIVATE");
  }

  @Test
  void refusesANextCaOutsideStaged() {
    assertThatThrownBy(
            () -> new CaState(Phase.STABLE, A_MADE, A, Optional.of(B), List.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("only a STAGED CA state has a next CA, not a STABLE one");
  }

  @Test
  void refusesStagedWithoutANextCa() {
    assertThatThrownBy(
            () ->
                new CaState(Phase.STAGED, A_MADE, A, Optional.empty(), List.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a STAGED CA state needs a next CA");
  }

  @Test
  void refusesRetiringCasOutsidePromoted() {
    assertThatThrownBy(
            () ->
                new CaState(
                    Phase.STAGED,
                    A_MADE,
                    A,
                    Optional.of(B),
                    List.of(OLD.certificate()),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("only a PROMOTED CA state has retiring CAs, not a STAGED one");
  }

  @Test
  void refusesAStableStateThatIsSettling() {
    assertThatThrownBy(
            () ->
                new CaState(
                    Phase.STABLE, A_MADE, A, Optional.empty(), List.of(), Optional.of(A_ROTATES)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a STABLE CA state has nothing to settle");
  }

  @Test
  void neverPrintsAPrivateKey() {
    assertThat(CaState.staged(A, B, A_ROTATES).toString())
        .contains("key redacted")
        .doesNotContain("PRIVATE");
  }
}
